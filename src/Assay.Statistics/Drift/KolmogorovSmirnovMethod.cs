namespace Assay.Statistics.Drift;

/// <summary>How the p-value of the two-sample Kolmogorov–Smirnov test is computed.</summary>
public enum KolmogorovSmirnovMethod
{
    /// <summary>Exact when n·m ≤ <see cref="KolmogorovSmirnov.ExactLimit"/>, asymptotic otherwise.</summary>
    Auto,

    /// <summary>The exact permutation distribution, conditional on the observed ties.</summary>
    Exact,

    /// <summary>The Kolmogorov limit distribution with Stephens' small-sample correction.</summary>
    Asymptotic,
}
