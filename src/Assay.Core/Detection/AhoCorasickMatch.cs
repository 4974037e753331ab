namespace Assay.Detection;

/// <summary>One occurrence of a pattern found by <see cref="AhoCorasick"/>: the pattern's index and where it ends (exclusive).</summary>
internal readonly record struct AhoCorasickMatch(int Pattern, int End);
