using System.Globalization;
using Assay.Statistics.ChangeDetection;
using Assay.Statistics.Drift;

namespace Assay.Monitoring;

/// <summary>Measures a rule's metric over a reference and a current window and decides whether it is out of bounds.</summary>
/// <remarks>
/// Rates and scores only alarm in the harmful direction (more flags, less self-agreement); drift alarms either way.
/// Pure and thread-safe.
/// </remarks>
public static class MonitorMeasurement
{
    /// <summary>Measures <paramref name="rule"/>; both windows must be in time order for the change-detection tests.</summary>
    public static MonitorOutcome Measure(MonitorRule rule, IReadOnlyList<InteractionFeatures> reference, IReadOnlyList<InteractionFeatures> current)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return rule.Metric switch
        {
            MonitorMetric.Volume => Volume(rule, reference, current),
            MonitorMetric.Drift => Drift(rule, reference, current),
            MonitorMetric.FlagRate => Series(rule, Rates(reference, rule.Category!), Rates(current, rule.Category!), binary: true),
            _ => Series(rule, Scores(reference), Scores(current), binary: false),
        };
    }

    private static MonitorOutcome Volume(MonitorRule rule, IReadOnlyList<InteractionFeatures> reference, IReadOnlyList<InteractionFeatures> current)
    {
        // Volume is the one metric whose value is the sample size, so a quiet window is a finding, not too small a sample.
        var value = current.Count;
        var breached = value > rule.Above || value < rule.Below;
        return new MonitorOutcome(breached ? MonitorCondition.Breached : MonitorCondition.Clear, value, reference.Count, current.Count,
            Invariant($"{value} interactions in the window ({Bounds(rule)})."),
            Invariant($"traffic was {value} interactions ({Bounds(rule)})"));
    }

    private static MonitorOutcome Drift(MonitorRule rule, IReadOnlyList<InteractionFeatures> reference, IReadOnlyList<InteractionFeatures> current)
    {
        if (reference.Count < rule.MinSamples || current.Count < rule.MinSamples)
            return TooFew(rule, reference.Count, current.Count);
        var report = DriftComparison.Compare(reference, current, new DriftOptions { Alpha = rule.Alpha, MinSamples = rule.MinSamples });
        var tested = report.Features.Where(f => f.Verdict != DriftVerdict.InsufficientData).ToArray();
        var smallest = tested.Length == 0 ? 1 : tested.Min(f => f.AdjustedPValue);
        // Significant and large enough: with thousands of observations a negligible shift is significant.
        var drifted = report.Features.Where(f => f.Verdict == DriftVerdict.Drifted && !(f.Psi < rule.MinPsi)).ToArray();
        var small = report.Features.Count(f => f.Verdict == DriftVerdict.Drifted) - drifted.Length;
        var guard = rule.MinPsi > 0 ? Invariant($", PSI at least {rule.MinPsi}") : "";
        var ignored = small > 0 ? Invariant($"; {small} significant but below the PSI guard") : "";
        return drifted.Length > 0
            ? new MonitorOutcome(MonitorCondition.Breached, smallest, reference.Count, current.Count,
                Invariant($"Drift in {string.Join(", ", drifted.Select(f => Invariant($"{f.Feature} (PSI {f.Psi:G3})")))} (smallest adjusted p = {smallest:G3}, FDR {rule.Alpha}{guard}){ignored}."),
                Invariant($"the traffic shifted in {string.Join(", ", drifted.OrderByDescending(f => f.Psi).Select(f => f.Feature))} (largest PSI {drifted.Max(f => f.Psi):G2}, where 0.1 is a moderate shift)"))
            : new MonitorOutcome(MonitorCondition.Clear, smallest, reference.Count, current.Count,
                Invariant($"No feature drifted (smallest adjusted p = {smallest:G3}{guard}){ignored}."),
                "no feature of the traffic shifted");
    }

    private static MonitorOutcome Series(MonitorRule rule, double[] reference, double[] current, bool binary)
    {
        if (reference.Length < rule.MinSamples && rule.Test != MonitorTest.Threshold || current.Length < rule.MinSamples)
            return TooFew(rule, reference.Length, current.Length);
        var value = current.Average();
        var name = binary ? $"{rule.Category} rate" : "self-agreement";
        // The harmful direction: flag rates go up, self-agreement goes down.
        var harmful = binary ? ChangeDirection.Increase : ChangeDirection.Decrease;
        var (breached, how) = rule.Test switch
        {
            MonitorTest.Threshold => (value > rule.Above || value < rule.Below, Bounds(rule)),
            MonitorTest.Compare => Compare(reference, current, binary, harmful, rule.Alpha),
            _ => StreamChange.Detect(rule, reference, current, binary, harmful),
        };
        return new MonitorOutcome(breached ? MonitorCondition.Breached : MonitorCondition.Clear, value, reference.Length, current.Length,
            Invariant($"{name} {value:G4} over {current.Length} interactions; {how}."), Movement(binary ? name : "mean self-agreement", reference, value, binary));
    }

    private static (bool, string) Compare(double[] reference, double[] current, bool binary, ChangeDirection harmful, double alpha)
    {
        var before = reference.Average();
        var after = current.Average();
        var worse = harmful == ChangeDirection.Increase ? after > before : after < before;
        var test = binary
            ? HomogeneityTest.ChiSquare([Count(reference), reference.Length - Count(reference)], [Count(current), current.Length - Count(current)])
            : KolmogorovSmirnov.TwoSample(reference, current);
        return (worse && test.PValue < alpha, Invariant($"reference {before:G4}, {test.Test} p = {test.PValue:G3} at alpha {alpha}"));
    }

    /// <summary>"the pii-leak rate rose from 1.2% to 4.0% (3.3×)": the change a reader needs before the statistics.</summary>
    private static string Movement(string name, double[] reference, double value, bool binary)
    {
        string Show(double v) => binary ? Invariant($"{v * 100:0.0}%") : Invariant($"{v:0.###}");
        if (reference.Length == 0)
            return Invariant($"the {name} was {Show(value)}");
        var before = reference.Average();
        if (Show(before) == Show(value))
            return Invariant($"the {name} held at {Show(value)}");
        var ratio = before > 0 && binary ? Invariant($" ({value / before:0.#}×)") : "";
        return Invariant($"the {name} {(value > before ? "rose" : "fell")} from {Show(before)} to {Show(value)}{ratio}");
    }

    private static MonitorOutcome TooFew(MonitorRule rule, int reference, int current) =>
        new(MonitorCondition.InsufficientData, double.NaN, reference, current,
            Invariant($"Too few observations to judge (reference {reference}, current {current}; at least {rule.MinSamples} needed)."));

    private static long Count(double[] values) => values.LongCount(v => v > 0.5);

    private static double[] Rates(IReadOnlyList<InteractionFeatures> window, string category) =>
        [.. window.Select(f => f.HasCategory(category) ? 1.0 : 0.0)];

    private static double[] Scores(IReadOnlyList<InteractionFeatures> window) =>
        [.. window.Where(f => f.SelfAgreement is not null).Select(f => f.SelfAgreement!.Value)];

    private static string Bounds(MonitorRule rule) =>
        Invariant($"threshold {(rule.Above is { } a ? Invariant($"above {a}") : "")}{(rule.Above is not null && rule.Below is not null ? " or " : "")}{(rule.Below is { } b ? Invariant($"below {b}") : "")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
