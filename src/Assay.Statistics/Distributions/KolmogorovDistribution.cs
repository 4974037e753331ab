namespace Assay.Statistics.Distributions;

/// <summary>The limiting distribution of √n·D for the Kolmogorov–Smirnov statistic.</summary>
internal static class KolmogorovDistribution
{
    /// <summary>Q(λ) = P(K &gt; λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²).</summary>
    public static double Survival(double lambda)
    {
        if (lambda <= 0)
        {
            return 1;
        }

        if (lambda < 1.18)
        {
            // The alternating series converges slowly for small λ; use the Jacobi-theta form of the CDF instead.
            var sum = 0.0;
            var factor = -Math.PI * Math.PI / (8 * lambda * lambda);
            for (var k = 1; k < 100; k += 2)
            {
                var term = Math.Exp(factor * k * k);
                sum += term;
                if (term < 1e-17 * sum)
                {
                    break;
                }
            }

            return Math.Clamp(1 - (Math.Sqrt(2 * Math.PI) / lambda * sum), 0, 1);
        }

        var result = 0.0;
        var sign = 1.0;
        for (var k = 1; k < 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            result += sign * term;
            sign = -sign;
            if (term < 1e-17)
            {
                break;
            }
        }

        return Math.Clamp(2 * result, 0, 1);
    }
}
