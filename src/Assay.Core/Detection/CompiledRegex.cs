using System.Text.RegularExpressions;

namespace Assay.Detection;

/// <summary>A regex rule ready to run: the compiled expression and whether the prefilter may skip it.</summary>
/// <remarks>
/// Regexes run on .NET's non-backtracking engine, whose matching time is linear in the text length for any
/// pattern, so no policy can make detection hang; that is why no match timeout is set (a timeout would
/// only add a clock check to every match and could silently drop evidence under load).
/// </remarks>
internal sealed class CompiledRegex
{
    public CompiledRegex(int ruleIndex, Regex regex, int literalSets)
    {
        RuleIndex = ruleIndex;
        Regex = regex;
        RequiredMask = (1 << literalSets) - 1;
    }

    public int RuleIndex { get; }

    public Regex Regex { get; }

    /// <summary>
    /// One bit per required literal set; the regex runs on a text once every set has a literal there. Zero when no
    /// required literal could be extracted, so the regex runs on every text of its fields.
    /// </summary>
    public int RequiredMask { get; }

    public bool ShouldRun(int setsSeen) => (setsSeen & RequiredMask) == RequiredMask;

    /// <summary>Creates the regex exactly as the detector runs it; throws as <see cref="Regex"/>'s constructor does.</summary>
    public static Regex Create(string pattern, bool caseSensitive) => new(
        pattern,
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase));
}
