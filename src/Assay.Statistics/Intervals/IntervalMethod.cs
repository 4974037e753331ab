namespace Assay.Statistics.Intervals;

/// <summary>A method for the confidence interval of a binomial proportion.</summary>
public enum IntervalMethod
{
    /// <summary>Wilson score interval (the default: good coverage, never degenerate at 0 or n).</summary>
    Wilson,

    /// <summary>Clopper–Pearson "exact" interval from beta quantiles; conservative.</summary>
    ClopperPearson,

    /// <summary>Equal-tailed interval from the Jeffreys Beta(½, ½) posterior.</summary>
    Jeffreys,

    /// <summary>Agresti–Coull "add z²/2 successes and failures" Wald interval.</summary>
    AgrestiCoull,
}
