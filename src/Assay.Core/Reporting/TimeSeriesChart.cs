namespace Assay.Reporting;

/// <summary>A time-series chart as data: what to draw, over which range, with which reference lines; rendering is separate.</summary>
/// <param name="Id">A short name, unique on a page (element ids and URLs derive from it).</param>
/// <param name="Title">The heading, also the accessible name.</param>
/// <param name="Description">What the chart shows and how its intervals are computed, in a sentence or two.</param>
/// <param name="YLabel">The y axis caption.</param>
/// <param name="From">Left edge of the time axis.</param>
/// <param name="To">Right edge of the time axis.</param>
/// <param name="Series">The lines, in legend order.</param>
public sealed record TimeSeriesChart(string Id, string Title, string Description, string YLabel, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ChartSeries> Series)
{
    /// <value>Moments marked with vertical lines (alert fire times). Default none.</value>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    /// <value>A horizontal reference line (an alpha level, an agreement threshold). Default none.</value>
    public double? Threshold { get; init; }

    /// <value>The reference line's legend text. Default none.</value>
    public string? ThresholdLabel { get; init; }

    /// <value>Fixed bottom of the y axis; null fits the data. Default null.</value>
    public double? YMin { get; init; }

    /// <value>Fixed top of the y axis; null fits the data. Default null.</value>
    public double? YMax { get; init; }

    /// <value>Shown in the plot when no series has data (why there is nothing to draw). Default "No data in this range".</value>
    public string EmptyText { get; init; } = "No data in this range";

    public bool HasData => Series.Any(s => s.HasData);
}
