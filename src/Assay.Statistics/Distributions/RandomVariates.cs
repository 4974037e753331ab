using Assay.Statistics.Resampling;

namespace Assay.Statistics.Distributions;

/// <summary>Seeded draws from the gamma, beta and binomial distributions, for posterior simulation and coverage studies.</summary>
/// <remarks>Written here rather than taken from a library so a seed gives the same draws on every runtime and platform.</remarks>
internal static class RandomVariates
{
    /// <summary>A standard normal draw (Marsaglia's polar method; the second value of each pair is dropped for simplicity).</summary>
    public static double Normal(ref SplitMix64 random)
    {
        while (true)
        {
            var u = (2 * random.NextDouble()) - 1;
            var v = (2 * random.NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
        }
    }

    /// <summary>A Gamma(<paramref name="shape"/>, 1) draw by Marsaglia &amp; Tsang (2000); shapes below 1 by their boost, Γ(a) = Γ(a + 1)·U^(1/a).</summary>
    public static double Gamma(ref SplitMix64 random, double shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1)
        {
            var boosted = Gamma(ref random, shape + 1);
            return boosted * Math.Pow(Uniform(ref random), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(ref random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = Uniform(ref random);
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
                return d * v;
        }
    }

    /// <summary>A Beta(<paramref name="a"/>, <paramref name="b"/>) draw, as X / (X + Y) of two gamma draws.</summary>
    public static double Beta(ref SplitMix64 random, double a, double b)
    {
        var x = Gamma(ref random, a);
        var y = Gamma(ref random, b);
        return x / (x + y);
    }

    /// <summary>A Binomial(<paramref name="trials"/>, <paramref name="p"/>) draw by geometric gaps between successes: O(np), exact.</summary>
    public static long Binomial(ref SplitMix64 random, long trials, double p)
    {
        if (trials <= 0 || p <= 0)
            return 0;
        if (p >= 1)
            return trials;
        if (p > 0.5)
            return trials - Binomial(ref random, trials, 1 - p);
        var logQ = Math.Log(1 - p);
        long successes = 0;
        var position = 0.0;
        while (true)
        {
            // The gap to the next success is geometric: floor(log U / log(1 − p)).
            position += Math.Floor(Math.Log(Uniform(ref random)) / logQ) + 1;
            if (position > trials)
                return successes;
            successes++;
        }
    }

    /// <summary>A uniform draw in (0, 1): never 0, so its logarithm is finite.</summary>
    private static double Uniform(ref SplitMix64 random)
    {
        double u;
        do
        {
            u = random.NextDouble();
        }
        while (u == 0);
        return u;
    }
}
