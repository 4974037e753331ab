namespace Assay.Detection;

/// <summary>One atom of a parsed regular expression, with the quantifier applied to it.</summary>
/// <remarks>
/// Only what the literal prefilter and the nested-quantifier lint need is kept: a literal character,
/// a group of alternatives, or "something else" (a class, an escape class, an anchor, a dot).
/// </remarks>
internal sealed class RegexNode
{
    /// <summary>The value of <see cref="Max"/> for <c>*</c>, <c>+</c> and <c>{n,}</c>.</summary>
    public const int Unbounded = int.MaxValue;

    public RegexNode(RegexNodeKind kind, int offset)
    {
        Kind = kind;
        Offset = offset;
    }

    public RegexNodeKind Kind { get; }

    /// <summary>Position of the atom in the pattern, for diagnostics.</summary>
    public int Offset { get; }

    /// <summary>The character, for <see cref="RegexNodeKind.Char"/>.</summary>
    public char Char { get; init; }

    /// <summary>The alternatives (each a sequence), for <see cref="RegexNodeKind.Group"/>.</summary>
    public IReadOnlyList<IReadOnlyList<RegexNode>> Alternatives { get; init; } = [];

    public int Min { get; set; } = 1;

    public int Max { get; set; } = 1;
}
