namespace Assay.Monitoring;

/// <summary>One output feature compared between two model versions within strata of the input, combined by Fisher's method.</summary>
/// <param name="Feature">The output feature's name.</param>
/// <param name="Strata">How many strata had enough observations in both versions to be tested.</param>
/// <param name="CombinedPValue">Fisher's combination −2 Σ ln pᵢ ~ χ²(2k) of the per-stratum p-values (NaN when no stratum was tested).</param>
/// <param name="AdjustedPValue">The Benjamini–Hochberg adjusted p-value across output features (NaN when no stratum was tested).</param>
/// <param name="Verdict">The conclusion.</param>
/// <param name="Warning">Why the p-values are undefined, when no stratum could be tested; null otherwise.</param>
public sealed record StratifiedDrift(string Feature, int Strata, double CombinedPValue, double AdjustedPValue, DriftVerdict Verdict, string? Warning = null);
