using Assay.Monitoring;
using Assay.Reporting;

namespace Assay.Core.Tests.Reporting;

/// <summary>Charts and features built in one line for the reporting tests.</summary>
internal static class ChartFixtures
{
    public static readonly DateTimeOffset From = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A one-hour chart with a fixed 0–1 axis, so that pixel positions follow from the layout constants alone.</summary>
    public static TimeSeriesChart Chart(params ChartSeries[] series) =>
        new("test", "Test chart", "A chart for tests.", "share", From, From.AddHours(1), series) { YMin = 0, YMax = 1 };

    public static ChartSeries Series(string name, params double[] values) =>
        new(name, [.. values.Select((v, i) => new ChartPoint(From.AddMinutes((i * 10) + 5), v))]);

    public static ChartSeries WithIntervals(string name, params double[] values) =>
        new(name, [.. values.Select((v, i) => new ChartPoint(From.AddMinutes((i * 10) + 5), v, v - 0.1, v + 0.1))]);

    public static InteractionFeatures Feature(DateTimeOffset at, string version = "atlas@1", double? selfAgreement = null, params string[] categories) =>
        new($"f-{Guid.NewGuid():N}", at, version, 10, 20, 0, 3, 5, 0, false, "Latin", "other", categories, selfAgreement, null);
}
