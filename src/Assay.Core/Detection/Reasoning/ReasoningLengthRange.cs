namespace Assay.Detection.Reasoning;

/// <summary>The expected length of one model's reasoning, in characters (UTF-16 code units).</summary>
public sealed record ReasoningLengthRange(int MinChars, int MaxChars);
