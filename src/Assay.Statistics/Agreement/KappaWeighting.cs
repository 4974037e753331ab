namespace Assay.Statistics.Agreement;

/// <summary>Agreement weights for Cohen's kappa over ordered categories (by rank, not by value).</summary>
public enum KappaWeighting
{
    /// <summary>Unweighted: only identical categories agree.</summary>
    None,

    /// <summary>w = 1 − |i − j|/(K − 1).</summary>
    Linear,

    /// <summary>w = 1 − (i − j)²/(K − 1)²; equals the intraclass correlation in large samples.</summary>
    Quadratic,
}
