using Assay.Statistics.Drift;

namespace Assay.Monitoring;

/// <summary>The comparison of one feature between a reference and a current window.</summary>
/// <param name="Feature">The feature's name.</param>
/// <param name="Kind">Numeric (KS test) or categorical (chi-square test).</param>
/// <param name="ReferenceCount">Observations of the feature in the reference window.</param>
/// <param name="CurrentCount">Observations of the feature in the current window.</param>
/// <param name="Test">The test result, or null when a window was too small.</param>
/// <param name="AdjustedPValue">The Benjamini–Hochberg adjusted p-value (NaN when not tested).</param>
/// <param name="Psi">Population stability index, an effect size (NaN when not tested).</param>
/// <param name="JensenShannon">Jensen–Shannon distance in [0, 1], an effect size (NaN when not tested).</param>
/// <param name="Verdict">The conclusion.</param>
/// <param name="Warning">Why the p-value and effect sizes are undefined, when the feature was not tested; null otherwise.</param>
public sealed record FeatureDrift(
    string Feature,
    FeatureKind Kind,
    int ReferenceCount,
    int CurrentCount,
    TestResult? Test,
    double AdjustedPValue,
    double Psi,
    double JensenShannon,
    DriftVerdict Verdict,
    string? Warning = null);
