using Assay.Assurance;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Reporting;
using Assay.Review;

namespace Assay.Server.Dashboard;

/// <summary>The dashboard's charts by name, built from the data of one range, each marked with the alerts of its metric.</summary>
internal static class DashboardCharts
{
    /// <summary>Charts drawn from interaction features, in page order.</summary>
    public static IReadOnlyList<string> Traffic { get; } = [TrafficCharts.VolumeId, TrafficCharts.FlagRateId, TrafficCharts.SelfAgreementId, DriftChart.Id];

    /// <summary>Charts drawn from review tasks and labels, in page order.</summary>
    public static IReadOnlyList<string> Review { get; } = [ReviewCharts.CoverageId, ReviewCharts.AgreementId];

    public static IReadOnlyList<string> All { get; } = [.. Traffic, .. Review];

    public static TimeSeriesChart Build(
        string name, DashboardRange range, IReadOnlyList<InteractionFeatures> features, IReadOnlyList<ReviewedItem> items, PolicyDocument policy, double driftMinPsi = 0) => name switch
        {
            TrafficCharts.VolumeId => TrafficCharts.Volume(features, range.Traffic),
            TrafficCharts.FlagRateId => TrafficCharts.FlagRates(features, range.Traffic),
            TrafficCharts.SelfAgreementId => TrafficCharts.SelfAgreement(features, range.Traffic),
            DriftChart.Id => DriftChart.Build(features, range.Traffic, minPsi: driftMinPsi),
            ReviewCharts.CoverageId => ReviewCharts.Coverage(items, range.Review, policy.Review),
            ReviewCharts.AgreementId => ReviewCharts.Agreement(items, range.Review, policy.Review, AssuranceOptions.Default),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown dashboard chart."),
        };

    /// <summary>The chart on which alerts of <paramref name="metric"/> are marked.</summary>
    public static string ChartOf(MonitorMetric metric) => metric switch
    {
        MonitorMetric.FlagRate => TrafficCharts.FlagRateId,
        MonitorMetric.SelfAgreement => TrafficCharts.SelfAgreementId,
        MonitorMetric.Drift => DriftChart.Id,
        _ => TrafficCharts.VolumeId,
    };
}
