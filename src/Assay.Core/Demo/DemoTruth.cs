namespace Assay.Demo;

/// <summary>One measure of one category as <c>assay demo</c>'s generator really injected it, kept to be shown beside Assay's estimate of it.</summary>
/// <remarks>
/// Only a demo knows the truth: real traffic has none. It is for leads (the metrics page), never for reviewers, who must
/// label blind.
/// </remarks>
/// <param name="Category">A taxonomy category, or <c>any-failure</c> for the overall figure.</param>
/// <param name="Measure">One of <see cref="Measures"/>.</param>
/// <param name="Truth">The share in the demo's traffic, from 0 to 1.</param>
public sealed record DemoTruth(string Category, string Measure, double Truth)
{
    public const string Prevalence = "prevalence";

    public const string Recall = "recall";

    public const string FalseNegativeRate = "false-negative rate";

    public static IReadOnlyList<string> Measures { get; } = [Prevalence, Recall, FalseNegativeRate];
}
