namespace Assay.Detection;

/// <summary>What one pattern of the shared automaton stands for: a literal of a rule, or a prefilter literal of a regex.</summary>
/// <param name="Text">The pattern as written, for exact-case checks.</param>
/// <param name="Rule">Index of the literal or lexicon rule, or -1 for a prefilter literal.</param>
/// <param name="Regex">Index of the regex this literal unlocks, or -1.</param>
/// <param name="Set">Which of the regex's required literal sets this literal belongs to.</param>
/// <param name="CaseSensitive">Whether the automaton's case-folded match must be confirmed exactly.</param>
/// <param name="WholeWord">Whether the match must stand as a whole word.</param>
internal readonly record struct MatcherEntry(string Text, int Rule, int Regex, int Set, bool CaseSensitive, bool WholeWord);
