namespace Assay.Statistics.Distributions;

/// <summary>The standard normal distribution: CDF and quantile function.</summary>
internal static class NormalDistribution
{
    // Acklam's rational approximation (relative error 1.15e-9), then refined by Halley steps on the exact CDF.
    private static readonly double[] s_a =
        [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];

    private static readonly double[] s_b =
        [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];

    private static readonly double[] s_c =
        [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];

    private static readonly double[] s_d =
        [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>Φ(x), the probability that a standard normal variable is at most x.</summary>
    public static double Cdf(double x)
    {
        // Φ(x) = ½·erfc(−x/√2), and erfc(z) = Q(½, z²) for z ≥ 0: accurate far into both tails.
        var z = x / Math.Sqrt(2);
        var tail = 0.5 * GammaFunction.UpperRegularized(0.5, z * z);
        return x < 0 ? tail : 1 - tail;
    }

    /// <summary>1 − Φ(x), computed without cancellation in the upper tail.</summary>
    public static double Survival(double x) => Cdf(-x);

    /// <summary>Φ⁻¹(p), the x with Φ(x) = p.</summary>
    public static double Quantile(double p)
    {
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        const double pLow = 0.02425;
        double x;
        if (p < pLow)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((((((s_c[0] * q) + s_c[1]) * q) + s_c[2]) * q) + s_c[3]) * q) + s_c[4]) * q) + s_c[5];
            x /= (((((((s_d[0] * q) + s_d[1]) * q) + s_d[2]) * q) + s_d[3]) * q) + 1;
        }
        else if (p <= 1 - pLow)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((((((s_a[0] * r) + s_a[1]) * r) + s_a[2]) * r) + s_a[3]) * r) + s_a[4]) * r) + s_a[5];
            x = x * q / ((((((((((s_b[0] * r) + s_b[1]) * r) + s_b[2]) * r) + s_b[3]) * r) + s_b[4]) * r) + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = (((((((((s_c[0] * q) + s_c[1]) * q) + s_c[2]) * q) + s_c[3]) * q) + s_c[4]) * q) + s_c[5];
            x = -x / ((((((((s_d[0] * q) + s_d[1]) * q) + s_d[2]) * q) + s_d[3]) * q) + 1);
        }

        for (var i = 0; i < 2; i++)
        {
            // Work with the smaller tail so that the residual keeps its precision.
            var e = p < 0.5 ? Cdf(x) - p : (1 - p) - Survival(x);
            var u = e * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
            x -= u / (1 + (x * u / 2));
        }

        return x;
    }

    /// <summary>The two-sided critical value z for a confidence level, e.g. 1.95996 for 0.95.</summary>
    public static double TwoSidedCritical(double confidence) => Quantile(1 - ((1 - confidence) / 2));
}
