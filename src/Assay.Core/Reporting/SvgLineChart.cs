using System.Text;

namespace Assay.Reporting;

/// <summary>Draws a <see cref="TimeSeriesChart"/> as an SVG line chart: hand-written markup that is well-formed XML, alone or inline in HTML.</summary>
/// <remarks>
/// Only presentation attributes (fill, stroke, opacity), never style attributes or elements: the web UI's
/// Content-Security-Policy allows nonce'd styles only, and an exported report must look the same. Every text is escaped
/// (series names come from user data); every number is written in the invariant culture. Pure and thread-safe.
/// </remarks>
public static class SvgLineChart
{
    /// <summary>Width of the drawing in user units; the SVG itself is 100% wide and scales, so text stays near 12 px in a 1,152 px column.</summary>
    public const double Width = 960;
    public const double PlotLeft = 64;
    public const double PlotTop = 40;
    public const double PlotWidth = 872;
    public const double PlotHeight = 200;
    public const double PlotBottom = PlotTop + PlotHeight;

    /// <summary>Series colours: the Okabe–Ito set (distinguishable with colour-blindness) plus dark neutrals; series past it are dashed.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7A4F9A", "#1a1a1a", "#8C6D31", "#6b6b6b"];

    private const string MarkerColour = "#9b1c1c";
    private const string ThresholdColour = "#6b6b6b";

    public static string Render(TimeSeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (chart.To <= chart.From)
            throw new ArgumentException("The chart's time range must end after it starts.", nameof(chart));
        var id = SafeId(chart.Id);
        var scale = YScale(chart);
        var markers = chart.Markers.Where(m => m.At >= chart.From && m.At <= chart.To).ToList();
        var legend = SvgLegend.Layout(LegendEntries(chart, markers.Count > 0), PlotBottom + 40, PlotLeft, Width - 8);
        var height = Math.Ceiling(legend.Bottom + 8);
        double X(DateTimeOffset t) => PlotLeft + ((t - chart.From).Ticks / (double)(chart.To - chart.From).Ticks * PlotWidth);
        double Y(double v) => PlotTop + ((scale.High - v) / (scale.High - scale.Low) * PlotHeight);

        var svg = new SvgWriter();
        svg.Raw("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"100%\"")
            .Attr("viewBox", $"0 0 {SvgWriter.Number(Width)} {SvgWriter.Number(height)}").Raw(" role=\"img\"").Attr("aria-labelledby", $"{id}-title {id}-desc")
            .Raw(" font-family=\"system-ui, sans-serif\" font-size=\"12\">")
            .Raw("<title").Attr("id", $"{id}-title").Raw(">").Text(chart.Title).Raw("</title>")
            .Raw("<desc").Attr("id", $"{id}-desc").Raw(">").Text(Description(chart, markers)).Raw("</desc>")
            .Raw("<defs><clipPath").Attr("id", $"{id}-plot").Raw("><rect").Attr("x", PlotLeft).Attr("y", PlotTop - 1).Attr("width", PlotWidth).Attr("height", PlotHeight + 2).Raw("/></clipPath></defs>")
            .Raw("<rect").Attr("width", Width).Attr("height", height).Raw(" fill=\"#ffffff\"/>")
            .Raw("<text").Attr("x", PlotLeft).Attr("y", 22).Raw(" font-size=\"14\" font-weight=\"bold\" fill=\"#1a1a1a\">").Text(chart.Title).Raw("</text>");
        Axes(svg, chart, scale, X, Y);
        var clip = $"url(#{id}-plot)";
        // Overlapping bands add up: the more there are, the fainter each, so that eight categories do not make a grey block.
        var opacity = Math.Min(0.18, 0.5 / Math.Max(1, chart.Series.Count(s => s.HasIntervals)));
        svg.Raw("<g class=\"bands\"").Attr("clip-path", clip).Attr("fill-opacity", opacity).Raw(">");
        for (var i = 0; i < chart.Series.Count; i++)
            Bands(svg, chart.Series[i], Colour(i), X, Y);
        svg.Raw("</g>");
        if (chart.Threshold is { } threshold && threshold >= scale.Low && threshold <= scale.High)
        {
            svg.Raw("<line class=\"threshold\"").Attr("x1", PlotLeft).Attr("x2", PlotLeft + PlotWidth).Attr("y1", Y(threshold)).Attr("y2", Y(threshold))
                .Attr("stroke", ThresholdColour).Raw(" stroke-width=\"1.5\" stroke-dasharray=\"6 4\">").Title(chart.ThresholdLabel ?? "threshold").Raw("</line>");
        }

        svg.Raw("<g class=\"lines\"").Attr("clip-path", clip).Raw(">");
        for (var i = 0; i < chart.Series.Count; i++)
            Line(svg, chart.Series[i], Colour(i), Dash(i), X, Y);
        svg.Raw("</g>");
        foreach (var marker in markers)
        {
            var x = X(marker.At);
            var text = $"alert fired: {marker.Label} at {TimeTicks.Format(marker.At)} UTC";
            svg.Raw("<line class=\"marker\"").Attr("x1", x).Attr("x2", x).Attr("y1", PlotTop).Attr("y2", PlotBottom).Attr("stroke", MarkerColour)
                .Raw(" stroke-width=\"1.5\" stroke-dasharray=\"4 3\">").Title(text).Raw("</line>")
                .Raw("<path").Attr("d", $"M{SvgWriter.Number(x - 5)} {SvgWriter.Number(PlotTop - 8)}h10l-5 8z").Attr("fill", MarkerColour).Raw(">").Title(text).Raw("</path>");
        }

        if (chart.HasData)
            GapNotes(svg, chart, X);
        else
        {
            svg.Raw("<text class=\"empty\"").Attr("x", PlotLeft + (PlotWidth / 2)).Attr("y", PlotTop + (PlotHeight / 2))
                .Raw(" text-anchor=\"middle\" font-size=\"14\" fill=\"#6b6b6b\">").Text(chart.EmptyText).Raw("</text>");
        }

        legend.Write(svg);
        return svg.Raw("</svg>").ToString();
    }

    /// <summary>The y axis the chart gets: the fixed ends, else the data's range (values, intervals and threshold) rounded out.</summary>
    public static NiceScale YScale(TimeSeriesChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var values = chart.Series.SelectMany(s => s.Points).Where(p => !p.IsGap)
            .SelectMany(p => p.HasInterval ? new[] { p.Value, p.Low, p.High } : [p.Value]).ToList();
        if (chart.Threshold is { } threshold)
            values.Add(threshold);
        return values.Count == 0
            ? NiceScale.Fit(0, 1, chart.YMin, chart.YMax)
            : NiceScale.Fit(values.Min(), values.Max(), chart.YMin, chart.YMax);
    }

    public static string Colour(int series) => Palette[series % Palette.Count];

    private static string? Dash(int series) => series < Palette.Count ? null : "6 3";

    private static void Axes(SvgWriter svg, TimeSeriesChart chart, NiceScale scale, Func<DateTimeOffset, double> x, Func<double, double> y)
    {
        var decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(scale.Step) + 1e-9));
        svg.Raw("<g class=\"y-axis\" fill=\"#444444\" text-anchor=\"end\">");
        foreach (var tick in scale.Ticks())
        {
            svg.Raw("<line").Attr("x1", PlotLeft).Attr("x2", PlotLeft + PlotWidth).Attr("y1", y(tick)).Attr("y2", y(tick)).Raw(" stroke=\"#e6e6e6\"/>")
                .Raw("<text").Attr("x", PlotLeft - 6).Attr("y", y(tick) + 4).Raw(">").Text(SvgWriter.Number(tick, decimals, fixedDecimals: true)).Raw("</text>");
        }

        var middle = PlotTop + (PlotHeight / 2);
        svg.Raw("<text").Attr("x", 14).Attr("y", middle).Attr("transform", $"rotate(-90 14 {SvgWriter.Number(middle)})").Raw(" text-anchor=\"middle\">").Text(chart.YLabel).Raw("</text></g>");
        svg.Raw("<g class=\"x-axis\" fill=\"#444444\" text-anchor=\"middle\">");
        foreach (var (at, label) in TimeTicks.Between(chart.From, chart.To))
        {
            svg.Raw("<line").Attr("x1", x(at)).Attr("x2", x(at)).Attr("y1", PlotBottom).Attr("y2", PlotBottom + 5).Raw(" stroke=\"#6b6b6b\"/>")
                .Raw("<text").Attr("x", x(at)).Attr("y", PlotBottom + 18).Raw(">").Text(label).Raw("</text>");
        }

        svg.Raw("<text").Attr("x", PlotLeft + PlotWidth).Attr("y", PlotBottom + 34).Raw(" text-anchor=\"end\">")
            .Text($"UTC, {TimeTicks.Format(chart.From)} to {TimeTicks.Format(chart.To)}").Raw("</text></g>")
            .Raw("<path").Attr("d", $"M{SvgWriter.Number(PlotLeft)} {SvgWriter.Number(PlotTop)}V{SvgWriter.Number(PlotBottom)}H{SvgWriter.Number(PlotLeft + PlotWidth)}")
            .Raw(" fill=\"none\" stroke=\"#6b6b6b\"/>");
    }

    /// <summary>One translucent polygon per run of points that have intervals (a single point gets a narrow bar).</summary>
    private static void Bands(SvgWriter svg, ChartSeries series, string colour, Func<DateTimeOffset, double> x, Func<double, double> y)
    {
        foreach (var run in Runs(series.Points, p => p.HasInterval))
        {
            var points = new StringBuilder();
            var half = run.Count == 1 ? 3 : 0;
            foreach (var p in run)
                points.Append(SvgWriter.Number(x(p.At) - half)).Append(',').Append(SvgWriter.Number(y(p.High))).Append(' ');
            if (half > 0)
                points.Append(SvgWriter.Number(x(run[0].At) + half)).Append(',').Append(SvgWriter.Number(y(run[0].High))).Append(' ')
                    .Append(SvgWriter.Number(x(run[0].At) + half)).Append(',').Append(SvgWriter.Number(y(run[0].Low))).Append(' ');
            for (var i = run.Count - 1; i >= 0; i--)
                points.Append(SvgWriter.Number(x(run[i].At) - half)).Append(',').Append(SvgWriter.Number(y(run[i].Low))).Append(' ');
            svg.Raw("<polygon class=\"band\"").Attr("points", points.ToString().TrimEnd()).Attr("fill", colour).Raw(" stroke=\"none\">")
                .Title($"{series.Name}: 95% interval").Raw("</polygon>");
        }
    }

    /// <summary>The series as one path whose subpaths break at gaps, and a dot with a tooltip per point.</summary>
    private static void Line(SvgWriter svg, ChartSeries series, string colour, string? dash, Func<DateTimeOffset, double> x, Func<double, double> y)
    {
        if (!series.HasData)
            return;
        var d = new StringBuilder();
        foreach (var run in Runs(series.Points, p => !p.IsGap))
        {
            for (var i = 0; i < run.Count; i++)
                d.Append(i == 0 ? 'M' : 'L').Append(SvgWriter.Number(x(run[i].At))).Append(' ').Append(SvgWriter.Number(y(run[i].Value)));
        }

        svg.Raw("<path class=\"series\"").Attr("d", d.ToString()).Raw(" fill=\"none\"").Attr("stroke", colour).Raw(" stroke-width=\"2\" stroke-linejoin=\"round\"");
        if (dash is not null)
            svg.Attr("stroke-dasharray", dash);
        svg.Raw(">").Title(series.Name).Raw("</path>");
        foreach (var p in series.Points.Where(p => !p.IsGap))
            svg.Raw("<circle").Attr("cx", x(p.At)).Attr("cy", y(p.Value)).Raw(" r=\"2.5\"").Attr("fill", colour).Raw(">").Title(Tooltip(series.Name, p)).Raw("</circle>");
    }

    /// <summary>A gap's note ("insufficient: 3 items") written upright at its place, so that an empty stretch says why; a chart with no data says so once instead.</summary>
    private static void GapNotes(SvgWriter svg, TimeSeriesChart chart, Func<DateTimeOffset, double> x)
    {
        var notes = chart.Series.SelectMany(s => s.Points).Where(p => p.IsGap && p.Note is not null && p.At >= chart.From && p.At <= chart.To)
            .DistinctBy(p => p.At).ToList();
        if (notes.Count == 0)
            return;
        svg.Raw("<g class=\"notes\" font-size=\"10\" fill=\"#92400e\">");
        foreach (var p in notes)
        {
            var (nx, ny) = (x(p.At) + 3, PlotBottom - 4);
            svg.Raw("<text").Attr("x", nx).Attr("y", ny).Attr("transform", $"rotate(-90 {SvgWriter.Number(nx)} {SvgWriter.Number(ny)})").Raw(">").Text(p.Note).Raw("</text>");
        }

        svg.Raw("</g>");
    }

    private static List<SvgLegend.Entry> LegendEntries(TimeSeriesChart chart, bool markers)
    {
        var entries = chart.Series.Select((s, i) => new SvgLegend.Entry(s.Name, Colour(i), true, s.HasIntervals, Dash(i))).ToList();
        if (chart.Series.Any(s => s.HasIntervals))
            entries.Add(new SvgLegend.Entry("shaded: 95% interval", ThresholdColour, false, true));
        if (chart.Threshold is not null)
            entries.Add(new SvgLegend.Entry(chart.ThresholdLabel ?? "threshold", ThresholdColour, true, false, "6 4"));
        if (markers)
            entries.Add(new SvgLegend.Entry("alert fired", MarkerColour, true, false, "4 3"));
        return entries;
    }

    private static string Description(TimeSeriesChart chart, List<ChartMarker> markers)
    {
        var text = new StringBuilder(chart.Description);
        foreach (var series in chart.Series)
        {
            var last = series.Points.LastOrDefault(p => !p.IsGap);
            text.Append(' ').Append(series.HasData ? $"{series.Name}: latest {Value(last.Value)} at {TimeTicks.Format(last.At)} UTC." : $"{series.Name}: no data.");
        }

        if (markers.Count > 0)
            text.Append(" Alerts fired: ").AppendJoin("; ", markers.Select(m => $"{m.Label} at {TimeTicks.Format(m.At)} UTC")).Append('.');
        return text.ToString();
    }

    private static string Tooltip(string name, ChartPoint p)
    {
        var text = $"{name}, {TimeTicks.Format(p.At)} UTC: {Value(p.Value)}";
        if (p.HasInterval)
            text += $" (95% interval {Value(p.Low)} to {Value(p.High)})";
        return p.Note is null ? text : $"{text}; {p.Note}";
    }

    private static string Value(double value) => SvgWriter.Number(value, 3);

    private static IEnumerable<List<ChartPoint>> Runs(IReadOnlyList<ChartPoint> points, Func<ChartPoint, bool> keep)
    {
        var run = new List<ChartPoint>();
        foreach (var p in points)
        {
            if (keep(p))
            {
                run.Add(p);
                continue;
            }

            if (run.Count > 0)
                yield return run;
            run = [];
        }

        if (run.Count > 0)
            yield return run;
    }

    /// <summary>Element ids start with a letter and hold only safe characters, whatever the chart's id.</summary>
    private static string SafeId(string id) => "chart-" + string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
