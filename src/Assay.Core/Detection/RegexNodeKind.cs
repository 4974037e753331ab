namespace Assay.Detection;

/// <summary>What a <see cref="RegexNode"/> stands for.</summary>
internal enum RegexNodeKind
{
    /// <summary>One literal character.</summary>
    Char,

    /// <summary>A parenthesised group of alternatives.</summary>
    Group,

    /// <summary>Anything else: a character class, an escape class, a dot or an anchor.</summary>
    Other,
}
