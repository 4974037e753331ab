namespace Assay.Reporting;

/// <summary>One named line of a chart: a point per bucket, in time order.</summary>
/// <param name="Name">The legend text; may come from user data (a model version, a category), so renderers escape it.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>Whether any point has an interval, so that a band is drawn.</summary>
    public bool HasIntervals => Points.Any(p => p.HasInterval);

    public bool HasData => Points.Any(p => !p.IsGap);
}
