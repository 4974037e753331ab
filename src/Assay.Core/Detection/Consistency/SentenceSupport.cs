namespace Assay.Detection.Consistency;

/// <summary>How well the samples support one sentence of the response.</summary>
/// <param name="Start">UTF-16 offset of the sentence in the response.</param>
/// <param name="End">End of the sentence (exclusive).</param>
/// <param name="Support">Mean over samples of the sentence's n-gram overlap with the sample, 0 to 1; inconsistency is 1 − support.</param>
/// <param name="MaxOverlap">The best overlap with any single sample.</param>
/// <param name="SupportingShare">Share of samples whose overlap reaches the support threshold.</param>
public sealed record SentenceSupport(int Start, int End, double Support, double MaxOverlap, double SupportingShare);
