using Assay.Statistics.Drift;

namespace Assay.Monitoring;

/// <summary>Compares two model versions, testing first whether they were asked the same things.</summary>
/// <remarks>
/// A difference in outputs between versions that were sent different traffic says nothing about the versions. So
/// the input features are tested first; when they shifted, the output features are compared within strata of the
/// categorical input (topic, then script — whichever drifted) and the per-stratum p-values combined with Fisher's
/// method, which is valid because the strata are disjoint samples. The naive comparison is still reported, labelled
/// as such. Pure and thread-safe.
/// </remarks>
public static class ModelVersionComparison
{
    /// <summary>Compares <paramref name="candidate"/> with <paramref name="baseline"/>.</summary>
    public static ModelComparisonReport Compare(
        string baselineLabel,
        IReadOnlyList<InteractionFeatures> baseline,
        string candidateLabel,
        IReadOnlyList<InteractionFeatures> candidate,
        DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        options ??= DriftOptions.Default;
        var inputs = DriftComparison.Compare(baseline, candidate, options, MonitorFeature.Inputs);
        var naive = DriftComparison.Compare(baseline, candidate, options, MonitorFeature.Outputs);
        if (!inputs.AnyDrift)
        {
            var what = naive.AnyDrift ? $"outputs differ in {string.Join(", ", naive.Drifted)}" : "no output difference was found";
            return new ModelComparisonReport(baselineLabel, candidateLabel, inputs, naive, null, [],
                $"The inputs of both versions are comparable, so the direct comparison stands: {what}.");
        }

        // Stratify by the categorical input that drifted (topic before script); a purely numeric input shift is
        // stratified by topic, the coarsest description of what was asked.
        var stratum = inputs.Features.FirstOrDefault(f => f.Kind == FeatureKind.Categorical && f.Verdict == DriftVerdict.Drifted)?.Feature
            ?? MonitorFeature.Topic.Name;
        var key = MonitorFeature.Inputs.First(f => f.Name == stratum).Category!;
        var stratified = Stratified(baseline, candidate, key, options);
        var drifted = stratified.Where(s => s.Verdict == DriftVerdict.Drifted).Select(s => s.Feature).ToArray();
        var summary = $"The inputs shifted ({string.Join(", ", inputs.Drifted)}), so the naive output comparison is not trusted; "
            + $"within strata of {stratum}, " + (drifted.Length > 0 ? $"outputs differ in {string.Join(", ", drifted)}." : "no output difference was found.");
        return new ModelComparisonReport(baselineLabel, candidateLabel, inputs, naive, stratum, stratified, summary);
    }

    private static StratifiedDrift[] Stratified(
        IReadOnlyList<InteractionFeatures> baseline, IReadOnlyList<InteractionFeatures> candidate, Func<InteractionFeatures, string?> key, DriftOptions options)
    {
        var a = baseline.GroupBy(f => key(f) ?? "").ToDictionary(g => g.Key, g => (IReadOnlyList<InteractionFeatures>)[.. g], StringComparer.Ordinal);
        var b = candidate.GroupBy(f => key(f) ?? "").ToDictionary(g => g.Key, g => (IReadOnlyList<InteractionFeatures>)[.. g], StringComparer.Ordinal);
        var shared = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToArray();
        var combined = new List<(string Feature, int Strata, double P)>();
        foreach (var feature in MonitorFeature.Outputs)
        {
            var pValues = shared.Select(s => DriftComparison.Test(feature, a[s], b[s], options).Test?.PValue)
                .Where(p => p is not null).Select(p => p!.Value).ToArray();
            combined.Add((feature.Name, pValues.Length, Fisher(pValues)));
        }

        var adjusted = MultipleTesting.BenjaminiHochberg(combined.Select(c => c.P).ToArray());
        return [.. combined.Select((c, i) => double.IsNaN(c.P)
            ? new StratifiedDrift(c.Feature, c.Strata, c.P, adjusted[i], DriftVerdict.InsufficientData, FormattableString.Invariant(
                $"not tested: none of the {shared.Length} strata both versions share had {options.MinSamples} observations of it in each, so there is no p-value to combine"))
            : new StratifiedDrift(c.Feature, c.Strata, c.P, adjusted[i], adjusted[i] < options.Alpha ? DriftVerdict.Drifted : DriftVerdict.Stable))];
    }

    /// <summary>Fisher's method: under the null −2 Σ ln pᵢ is χ² with 2k degrees of freedom.</summary>
    internal static double Fisher(IReadOnlyList<double> pValues)
    {
        if (pValues.Count == 0)
            return double.NaN;
        // A p-value of exactly 0 (underflow) would make the statistic infinite; the smallest double keeps it finite.
        var half = -pValues.Sum(p => Math.Log(Math.Max(p, double.Epsilon)));
        // With even degrees of freedom 2k the χ² tail is exactly e^(−x/2) Σ_{i<k} (x/2)^i / i!.
        var term = 1.0;
        var sum = 1.0;
        for (var i = 1; i < pValues.Count; i++)
        {
            term *= half / i;
            sum += term;
        }

        return Math.Min(1, Math.Exp(-half) * sum);
    }
}
