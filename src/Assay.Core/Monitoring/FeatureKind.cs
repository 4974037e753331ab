namespace Assay.Monitoring;

/// <summary>Whether a feature is a number (compared with KS) or a category (compared with chi-square).</summary>
public enum FeatureKind
{
    /// <summary>A real-valued feature such as a length or a latency.</summary>
    Numeric,

    /// <summary>A feature with a small set of string values such as a script or a topic.</summary>
    Categorical,
}
