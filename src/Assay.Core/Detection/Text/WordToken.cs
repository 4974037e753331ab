namespace Assay.Detection.Text;

/// <summary>One word or number of a text: where it is and the normalised key it compares by.</summary>
/// <remarks>
/// <see cref="Key"/> is a 64-bit hash of the case-folded, lightly stemmed word (or of the normalised number),
/// so that words compare without allocating strings; a collision is about as likely as a cosmic-ray bit flip.
/// </remarks>
internal readonly record struct WordToken(int Start, int End, ulong Key, WordKind Kind)
{
    /// <summary>Whether the token carries meaning for overlap: not a stopword.</summary>
    public bool IsContent => Kind != WordKind.Stopword;
}
