namespace Assay.Validation;

/// <summary>One feature's drift test between a reference and a current sample.</summary>
/// <param name="Psi">Population stability index (reference-quantile bins for numbers, categories otherwise).</param>
internal sealed record FeatureDriftRow(string Feature, string Test, double Statistic, double PValue, double PAdjusted, double Psi, string? Note);
