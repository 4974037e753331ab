namespace Assay.Statistics.Distributions;

/// <summary>The regularized incomplete beta function I_x(a, b) and its inverse in x.</summary>
internal static class BetaFunction
{
    private const double Epsilon = 1e-16;
    private const int MaxIterations = 10_000;

    /// <summary>I_x(a, b), the CDF of the Beta(a, b) distribution at x.</summary>
    public static double Regularized(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var logFront = GammaFunction.LogGamma(a + b) - GammaFunction.LogGamma(a) - GammaFunction.LogGamma(b)
            + (a * Math.Log(x)) + (b * Math.Log(1 - x));

        // The continued fraction converges fast only on this side of the mean; use symmetry otherwise.
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * ContinuedFraction(x, a, b) / a
            : 1 - (Math.Exp(logFront) * ContinuedFraction(1 - x, b, a) / b);
    }

    /// <summary>The x for which I_x(a, b) = p: the p-quantile of Beta(a, b).</summary>
    /// <remarks>Bisection to bracket, then Newton steps that are kept only while they stay in the bracket.</remarks>
    public static double Inverse(double p, double a, double b)
    {
        if (p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return 1;
        }

        double low = 0, high = 1, x = a / (a + b);
        var logBeta = GammaFunction.LogGamma(a) + GammaFunction.LogGamma(b) - GammaFunction.LogGamma(a + b);
        for (var i = 0; i < 200; i++)
        {
            var f = Regularized(x, a, b) - p;
            if (f == 0)
            {
                return x;
            }

            if (f < 0)
            {
                low = x;
            }
            else
            {
                high = x;
            }

            var density = Math.Exp(((a - 1) * Math.Log(x)) + ((b - 1) * Math.Log(1 - x)) - logBeta);
            var next = x - (f / density);
            if (!(next > low && next < high) || double.IsNaN(next))
            {
                next = 0.5 * (low + high);
            }

            if (Math.Abs(next - x) <= 1e-15 * Math.Max(x, 1e-300) || high - low < 1e-300)
            {
                return next;
            }

            x = next;
        }

        return x;
    }

    // Modified Lentz evaluation of the continued fraction for the incomplete beta function.
    private static double ContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        var qab = a + b;
        var qap = a + 1;
        var qam = a - 1;
        var c = 1.0;
        var d = 1 - (qab * x / qap);
        if (Math.Abs(d) < tiny)
        {
            d = tiny;
        }

        d = 1 / d;
        var h = d;
        for (var m = 1; m <= MaxIterations; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return h;
    }
}
