using Assay.Statistics.Resampling;

namespace Assay.Statistics.Agreement;

/// <summary>Turns a coefficient defined on summed unit contributions into an <see cref="Estimate"/> with a bootstrap interval.</summary>
internal static class AgreementEstimate
{
    /// <summary>Units rated at least twice below which an agreement estimate carries a warning.</summary>
    public const int MinimumUnits = 10;

    public static Estimate Bootstrap(
        UnitContributions contributions,
        Func<ReadOnlySpan<double>, double> statistic,
        int pairableUnits,
        BootstrapOptions options,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var value = statistic(contributions.Totals());
        if (double.IsNaN(value))
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, options.Confidence, pairableUnits, "bootstrap-percentile",
                pairableUnits == 0
                    ? "no unit was rated twice: agreement is undefined"
                    : "the ratings show no variation: agreement is undefined");
        }

        var replicates = UnitBootstrap.Replicates(contributions, statistic, options.Resamples, options.Seed, cancellationToken);
        var (low, high) = UnitBootstrap.Percentile(replicates, options.Confidence);

        // A percentile interval need not contain the estimate on tiny or lopsided samples; widen it so it does.
        low = Math.Min(low, value);
        high = Math.Max(high, value);
        var warning = pairableUnits < MinimumUnits
            ? $"only {pairableUnits} units were rated twice or more: the interval is too wide to say much"
            : null;
        return new Estimate(value, low, high, options.Confidence, pairableUnits, "bootstrap-percentile", warning);
    }
}
