namespace Assay.Monitoring;

/// <summary>One monitor from a policy's <c>monitors</c> section: a metric, its windows, and when it is out of bounds.</summary>
/// <param name="Id">Unique id of the rule; alerts are keyed by it.</param>
/// <param name="Metric">What is watched.</param>
/// <param name="Category">The flag category, for <see cref="MonitorMetric.FlagRate"/> only.</param>
/// <param name="Window">Length of the current window, ending at the evaluation time.</param>
/// <param name="Reference">Length of the trailing reference window, ending where the current window starts (unused with a baseline).</param>
/// <param name="Test">How the metric is judged.</param>
/// <param name="Above">Threshold test: breached when the value is above this.</param>
/// <param name="Below">Threshold test: breached when the value is below this.</param>
/// <param name="Alpha">Significance level (false discovery rate for drift) of the statistical tests.</param>
/// <param name="MinSamples">Observations each window needs before the rule can fire or resolve.</param>
/// <param name="Buckets">Number of buckets the current window is cut into for CUSUM and Page–Hinkley.</param>
/// <param name="GroupBy">Whether the rule is evaluated over all traffic or per model version or project.</param>
/// <param name="Baseline">A fixed reference period [from, to) instead of the trailing window, e.g. a release's first week.</param>
/// <param name="MinPsi">
/// Drift only: a significant feature also needs at least this population stability index to count, because a large
/// window makes a negligible shift significant (0 turns the guard off; 0.1 is the usual "moderate shift" line).
/// </param>
/// <param name="ResolveAlpha">
/// Hysteresis: an open alert is re-tested at this looser level and resolves only when even that finds nothing, so a
/// p-value wandering around <paramref name="Alpha"/> keeps one alert open instead of flapping. Null: the larger of
/// <paramref name="Alpha"/> and <see cref="DefaultResolveAlpha"/>. Threshold tests have no p-value and no hysteresis.
/// </param>
/// <param name="OpenIncident">When set, each firing also opens an incident of this severity, linked to the alert event.</param>
public sealed record MonitorRule(
    string Id,
    MonitorMetric Metric,
    string? Category,
    TimeSpan Window,
    TimeSpan Reference,
    MonitorTest Test,
    double? Above = null,
    double? Below = null,
    double Alpha = MonitorRule.DefaultAlpha,
    int MinSamples = MonitorRule.DefaultMinSamples,
    int Buckets = MonitorRule.DefaultBuckets,
    MonitorGrouping GroupBy = MonitorGrouping.None,
    double MinPsi = 0,
    MonitorBaseline? Baseline = null,
    double? ResolveAlpha = null,
    Incidents.IncidentSeverity? OpenIncident = null)
{
    /// <summary>Default level an open alert must clear to resolve.</summary>
    public const double DefaultResolveAlpha = 0.2;

    /// <summary>The level at which an open alert is re-tested: <see cref="ResolveAlpha"/>, or its default.</summary>
    public double HoldAlpha => ResolveAlpha ?? Math.Max(Alpha, DefaultResolveAlpha);

    /// <summary>Default significance level.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>Default minimum observations per window.</summary>
    public const int DefaultMinSamples = 30;

    /// <summary>Default number of change-detection buckets in the current window.</summary>
    public const int DefaultBuckets = 10;

    /// <summary>Default current window.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromHours(1);

    /// <summary>Default reference window.</summary>
    public static TimeSpan DefaultReference { get; } = TimeSpan.FromHours(24);
}
