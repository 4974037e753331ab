namespace Assay.Statistics.Resampling;

/// <summary>Percentile bootstrap over units for a statistic that is a function of summed unit contributions.</summary>
/// <remarks>
/// Resample r draws its units from its own generator, seeded by (seed, r), so the result depends only on
/// the seed — not on how many threads ran or in what order. Thread-safe: it shares nothing mutable.
/// </remarks>
internal static class UnitBootstrap
{
    /// <summary>The default number of resamples.</summary>
    public const int DefaultResamples = 1000;

    /// <summary>
    /// The statistic on each of <paramref name="resamples"/> resamples of the units (NaN entries removed, sorted).
    /// </summary>
    public static double[] Replicates(
        UnitContributions contributions,
        Func<ReadOnlySpan<double>, double> statistic,
        int resamples,
        ulong seed,
        CancellationToken cancellationToken = default) =>
        Replicates(contributions, (totals, results) => results[0] = statistic(totals), 1, resamples, seed, cancellationToken)[0];

    /// <summary>
    /// Several statistics computed on the same resamples: one sorted array of finite replicates per output.
    /// </summary>
    public static double[][] Replicates(
        UnitContributions contributions,
        VectorStatistic statistic,
        int outputs,
        int resamples,
        ulong seed,
        CancellationToken cancellationToken = default)
    {
        var units = contributions.Units;
        var replicates = new double[outputs * resamples];
        if (units > 0)
        {
            var options = new ParallelOptions { CancellationToken = cancellationToken };
            Parallel.For(
                0,
                resamples,
                options,
                () => new double[contributions.Dimension],
                (r, _, totals) =>
                {
                    Array.Clear(totals);
                    var random = SplitMix64.ForStream(seed, (ulong)r);
                    for (var i = 0; i < units; i++)
                    {
                        contributions.AddTo(random.NextInt(units), totals);
                    }

                    statistic(totals, replicates.AsSpan(r * outputs, outputs));
                    return totals;
                },
                _ => { });
        }

        var result = new double[outputs][];
        for (var o = 0; o < outputs; o++)
        {
            var column = new List<double>(units > 0 ? resamples : 0);
            for (var r = 0; r < resamples && units > 0; r++)
            {
                var value = replicates[(r * outputs) + o];
                if (double.IsFinite(value))
                {
                    column.Add(value);
                }
            }

            column.Sort();
            result[o] = [.. column];
        }

        return result;
    }

    /// <summary>The equal-tailed percentile interval at <paramref name="confidence"/> from sorted replicates.</summary>
    public static (double Low, double High) Percentile(double[] sortedReplicates, double confidence)
    {
        if (sortedReplicates.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        var alpha = 1 - confidence;
        return (Quantile(sortedReplicates, alpha / 2), Quantile(sortedReplicates, 1 - (alpha / 2)));
    }

    // Linear interpolation between order statistics (type 7 in Hyndman & Fan 1996).
    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}
