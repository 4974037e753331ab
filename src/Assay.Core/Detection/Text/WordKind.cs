namespace Assay.Detection.Text;

/// <summary>What kind of word a <see cref="WordToken"/> is.</summary>
internal enum WordKind : byte
{
    Word,
    Number,
    Stopword,

    /// <summary>A negator ("not", "no", "never", "isn't"…): kept as content, since it flips what a sentence says.</summary>
    Negation,
}
