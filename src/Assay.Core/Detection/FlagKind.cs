namespace Assay.Detection;

/// <summary>A kind of flag a detector can raise: its rule id and its taxonomy category.</summary>
public readonly record struct FlagKind(string Rule, string Category);
