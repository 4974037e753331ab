using Assay.Statistics.Drift;

namespace Assay.Monitoring;

/// <summary>Compares features between a reference and a current window: KS or chi-square per feature, then Benjamini–Hochberg.</summary>
/// <remarks>
/// Numeric features get the two-sample Kolmogorov–Smirnov test, categorical ones Pearson's chi-square on the 2 × K
/// table; PSI and the Jensen–Shannon distance are reported beside each as effect sizes, since with large windows a
/// tiny, harmless shift is "significant". A feature with fewer than <see cref="DriftOptions.MinSamples"/> observations
/// in either window gets no verdict and does not count towards the correction. Pure and thread-safe.
/// </remarks>
public static class DriftComparison
{
    /// <summary>Compares <paramref name="features"/> (by default all of them) between the two windows.</summary>
    public static DriftReport Compare(
        IReadOnlyList<InteractionFeatures> reference,
        IReadOnlyList<InteractionFeatures> current,
        DriftOptions? options = null,
        IReadOnlyList<MonitorFeature>? features = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= DriftOptions.Default;
        features ??= MonitorFeature.All;
        var raw = features.Select(f => Test(f, reference, current, options)).ToArray();
        var adjusted = MultipleTesting.BenjaminiHochberg(raw.Select(r => r.Test?.PValue ?? double.NaN).ToArray());
        var results = new FeatureDrift[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var verdict = raw[i].Test is null ? DriftVerdict.InsufficientData
                : adjusted[i] < options.Alpha ? DriftVerdict.Drifted : DriftVerdict.Stable;
            results[i] = raw[i] with { AdjustedPValue = raw[i].Test is null ? double.NaN : adjusted[i], Verdict = verdict };
        }

        return new DriftReport(results, options.Alpha);
    }

    /// <summary>Tests one feature without correction; the verdict is left at <see cref="DriftVerdict.Stable"/> when tested.</summary>
    public static FeatureDrift Test(MonitorFeature feature, IReadOnlyList<InteractionFeatures> reference, IReadOnlyList<InteractionFeatures> current, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(options);
        return feature.Kind == FeatureKind.Numeric
            ? TestNumeric(feature, reference, current, options)
            : TestCategorical(feature, reference, current, options);
    }

    private static FeatureDrift TestNumeric(MonitorFeature feature, IReadOnlyList<InteractionFeatures> reference, IReadOnlyList<InteractionFeatures> current, DriftOptions options)
    {
        var a = Values(feature, reference);
        var b = Values(feature, current);
        if (a.Length < options.MinSamples || b.Length < options.MinSamples)
            return Untested(feature, a.Length, b.Length, options);
        var test = KolmogorovSmirnov.TwoSample(a, b, options.KsMethod);
        return new FeatureDrift(feature.Name, feature.Kind, a.Length, b.Length, test, test.PValue,
            DistributionDistance.PopulationStabilityIndex(a, b, options.Bins), DistributionDistance.JensenShannon(a, b, options.Bins), DriftVerdict.Stable);
    }

    private static FeatureDrift TestCategorical(MonitorFeature feature, IReadOnlyList<InteractionFeatures> reference, IReadOnlyList<InteractionFeatures> current, DriftOptions options)
    {
        var a = Categories(feature, reference);
        var b = Categories(feature, current);
        if (a.Count < options.MinSamples || b.Count < options.MinSamples)
            return Untested(feature, a.Count, b.Count, options);
        var table = ContingencyTable.FromValues(a, b);
        var test = HomogeneityTest.ChiSquare(table.Reference, table.Current);
        return new FeatureDrift(feature.Name, feature.Kind, a.Count, b.Count, test, test.PValue,
            DistributionDistance.PopulationStabilityIndex(table.Reference, table.Current), DistributionDistance.JensenShannon(table.Reference, table.Current), DriftVerdict.Stable);
    }

    private static FeatureDrift Untested(MonitorFeature feature, int referenceCount, int currentCount, DriftOptions options) =>
        new(feature.Name, feature.Kind, referenceCount, currentCount, null, double.NaN, double.NaN, double.NaN, DriftVerdict.InsufficientData,
            FormattableString.Invariant(
                $"not tested: {referenceCount} observations in the reference and {currentCount} in the current window; at least {options.MinSamples} are needed in each, so p and the effect sizes are undefined"));

    internal static double[] Values(MonitorFeature feature, IReadOnlyList<InteractionFeatures> window)
    {
        var values = new List<double>(window.Count);
        foreach (var item in window)
        {
            if (feature.Numeric!(item) is { } value && double.IsFinite(value))
                values.Add(value);
        }

        return [.. values];
    }

    private static List<string> Categories(MonitorFeature feature, IReadOnlyList<InteractionFeatures> window)
    {
        var values = new List<string>(window.Count);
        foreach (var item in window)
        {
            if (feature.Category!(item) is { } value)
                values.Add(value);
        }

        return values;
    }
}
