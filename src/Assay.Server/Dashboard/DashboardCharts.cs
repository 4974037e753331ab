using Assay.Assurance;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Reporting;

namespace Assay.Server.Dashboard;

/// <summary>The dashboard's charts by name, built from the data of one range, each marked with the alerts of its metric.</summary>
internal static class DashboardCharts
{
    /// <summary>Charts drawn from interaction features, in page order.</summary>
    public static IReadOnlyList<string> Traffic { get; } = [TrafficCharts.VolumeId, TrafficCharts.FlagRateId, TrafficCharts.SelfAgreementId, DriftChart.Id];

    /// <summary>Charts drawn from review tasks and labels, in page order.</summary>
    public static IReadOnlyList<string> Review { get; } = [ReviewCharts.CoverageId, ReviewCharts.AgreementId];

    public static IReadOnlyList<string> All { get; } = [.. Traffic, .. Review];

    /// <param name="traffic">The range's traffic buckets after <see cref="DriftChart.ReferenceBuckets"/> reference buckets.</param>
    /// <param name="review">The range's reviewed items, in the review charts' buckets.</param>
    /// <param name="memo">Drift and agreement points kept from earlier requests; null computes every point.</param>
    public static TimeSeriesChart Build(
        string name, TrafficSummary traffic, ReviewSummary review, PolicyDocument policy, double driftMinPsi = 0, ChartMemo? memo = null) => name switch
        {
            TrafficCharts.VolumeId => TrafficCharts.Volume(traffic),
            TrafficCharts.FlagRateId => TrafficCharts.FlagRates(traffic),
            TrafficCharts.SelfAgreementId => TrafficCharts.SelfAgreement(traffic),
            DriftChart.Id => DriftChart.Build(traffic, minPsi: driftMinPsi, memo: memo),
            ReviewCharts.CoverageId => ReviewCharts.Coverage(review),
            ReviewCharts.AgreementId => ReviewCharts.Agreement(review, policy.Review, AssuranceOptions.Default, memo),
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
