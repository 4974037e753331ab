using System.Text;

namespace Assay.Detection;

/// <summary>Static facts about a regex pattern: the literals every match must contain, and nested quantifiers.</summary>
/// <remarks>
/// The literal analysis is the prefilter that lets the engine skip most regexes on most texts, in the way
/// ripgrep and Hyperscan do: if a text contains none of a regex's required literals, the regex cannot match
/// it. The analysis must therefore never claim a literal that some match lacks; when in doubt it returns
/// null and the regex runs on every text.
/// </remarks>
internal static class RegexAnalysis
{
    private const int MaxLiterals = 64;
    private const int MaxSets = 4;
    private const int MinLiteralLength = 3;
    private const string RareSymbols = "@#$%&*_=+<>[]{}\\|~^/";

    /// <summary>
    /// Returns a set of strings such that every match of <paramref name="pattern"/> contains at least one of
    /// them, or null when no useful set can be proven.
    /// </summary>
    /// <param name="pattern">The regex pattern, as given to <see cref="System.Text.RegularExpressions.Regex"/>.</param>
    /// <param name="ignoreCase">
    /// Whether the regex runs with IgnoreCase. Then only ASCII characters are used, because .NET's
    /// case-insensitive equivalences for ASCII are exactly those of <see cref="CaseFold"/>; beyond ASCII they
    /// may differ and a prefilter literal could miss a text the regex matches.
    /// </param>
    public static IReadOnlyList<string>? RequiredLiterals(string pattern, bool ignoreCase)
    {
        var root = RegexSyntax.TryParse(pattern);
        if (root is null)
        {
            return null;
        }

        var set = BestOfAlternation(root, ignoreCase);
        return set is not null && set.All(IsSelective) ? set : null;
    }

    /// <summary>
    /// Returns up to <see cref="MaxSets"/> literal sets that are each required: every match contains at least one
    /// literal of every set. Empty when none can be proven.
    /// </summary>
    /// <remarks>
    /// Requiring all sets, not just the longest, is what keeps a regex such as <c>(?:urgent|enrich)\s+example</c>
    /// from running on every text that merely says "example".
    /// </remarks>
    public static IReadOnlyList<IReadOnlyList<string>> RequiredLiteralSets(string pattern, bool ignoreCase)
    {
        var root = RegexSyntax.TryParse(pattern);
        if (root is null)
        {
            return [];
        }

        if (root.Count > 1)
        {
            return RequiredLiterals(pattern, ignoreCase) is { } single ? [single] : [];
        }

        return [.. Candidates(root[0], ignoreCase)
            .Where(set => set.All(IsSelective))
            .OrderByDescending(Score)
            .ThenBy(set => set.Count)
            .Take(MaxSets)];
    }

    /// <summary>
    /// Returns the offset of a quantifier nested inside an unbounded quantifier (as in <c>(a+)+</c>), which
    /// would backtrack catastrophically in a backtracking engine; null when there is none or the pattern is
    /// outside the parser's reach.
    /// </summary>
    public static int? FindNestedQuantifier(string pattern)
    {
        var root = RegexSyntax.TryParse(pattern);
        return root is null ? null : FindNested(root, insideUnbounded: false);
    }

    private static int? FindNested(IReadOnlyList<IReadOnlyList<RegexNode>> alternatives, bool insideUnbounded)
    {
        foreach (var sequence in alternatives)
        {
            foreach (var node in sequence)
            {
                var variable = node.Max == RegexNode.Unbounded && node.Max > node.Min;
                if (insideUnbounded && variable)
                {
                    return node.Offset;
                }

                if (node.Kind == RegexNodeKind.Group)
                {
                    var found = FindNested(node.Alternatives, insideUnbounded || node.Max == RegexNode.Unbounded);
                    if (found is not null)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }

    private static List<string>? BestOfAlternation(IReadOnlyList<IReadOnlyList<RegexNode>> alternatives, bool ignoreCase)
    {
        var union = new List<string>();
        foreach (var sequence in alternatives)
        {
            var best = BestOfSequence(sequence, ignoreCase);
            if (best is null)
            {
                return null;
            }

            union.AddRange(best);
        }

        return union.Count is > 0 and <= MaxLiterals ? union.Distinct(StringComparer.Ordinal).ToList() : null;
    }

    private static List<string>? BestOfSequence(IReadOnlyList<RegexNode> sequence, bool ignoreCase)
    {
        var candidates = Candidates(sequence, ignoreCase);
        return candidates.Count == 0
            ? null
            : candidates.OrderByDescending(Score).ThenBy(c => c.Count).First();
    }

    /// <summary>Every literal set that a sequence requires: its literal runs and its required groups' sets.</summary>
    private static List<List<string>> Candidates(IReadOnlyList<RegexNode> sequence, bool ignoreCase)
    {
        var candidates = new List<List<string>>();
        var run = new StringBuilder();
        foreach (var node in sequence)
        {
            var usable = node.Kind == RegexNodeKind.Char && node.Min >= 1 && (!ignoreCase || char.IsAscii(node.Char));
            if (usable)
            {
                run.Append(node.Char);
                if (node.Max != 1)
                {
                    // "ab+c" guarantees "ab" and "bc" but not "abc".
                    Flush(run, candidates);
                    run.Append(node.Char);
                }

                continue;
            }

            Flush(run, candidates);
            if (node.Kind == RegexNodeKind.Group && node.Min >= 1)
            {
                var inner = BestOfAlternation(node.Alternatives, ignoreCase);
                if (inner is not null)
                {
                    candidates.Add(inner);
                }
            }
        }

        Flush(run, candidates);
        return candidates;
    }

    private static void Flush(StringBuilder run, List<List<string>> candidates)
    {
        if (run.Length > 0)
        {
            candidates.Add([run.ToString()]);
            run.Clear();
        }
    }

    private static int Score(List<string> set) =>
        set.Min(s => s.Any(c => RareSymbols.Contains(c, StringComparison.Ordinal)) ? s.Length + MinLiteralLength : s.Length);

    private static bool IsSelective(string literal) =>
        literal.Length >= MinLiteralLength || literal.Any(c => RareSymbols.Contains(c, StringComparison.Ordinal));
}
