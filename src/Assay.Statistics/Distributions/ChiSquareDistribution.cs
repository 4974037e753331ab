namespace Assay.Statistics.Distributions;

/// <summary>The chi-square distribution with a given number of degrees of freedom.</summary>
internal static class ChiSquareDistribution
{
    /// <summary>P(X ≤ x).</summary>
    public static double Cdf(double x, double degreesOfFreedom) =>
        GammaFunction.LowerRegularized(degreesOfFreedom / 2, x / 2);

    /// <summary>P(X ≥ x), the p-value of a chi-square statistic.</summary>
    public static double Survival(double x, double degreesOfFreedom) =>
        GammaFunction.UpperRegularized(degreesOfFreedom / 2, x / 2);
}
