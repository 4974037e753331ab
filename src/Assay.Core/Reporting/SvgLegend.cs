namespace Assay.Reporting;

/// <summary>The legend of a line chart laid out in rows below the plot, wrapping at the chart's width.</summary>
internal sealed class SvgLegend
{
    private const double RowHeight = 18;
    private const double Swatch = 24;
    private const int MaxLabel = 48;
    private readonly List<(double X, double Y, Entry Entry)> _placed = [];

    private SvgLegend(double bottom) => Bottom = bottom;

    /// <summary>The y below the last row.</summary>
    public double Bottom { get; private set; }

    public static SvgLegend Layout(IReadOnlyList<Entry> entries, double top, double left, double right)
    {
        var legend = new SvgLegend(top);
        double x = left, y = top + 12;
        foreach (var entry in entries)
        {
            var width = Swatch + 6 + (6.5 * Label(entry.Label).Length) + 18;
            if (x > left && x + width > right)
                (x, y) = (left, y + RowHeight);
            legend._placed.Add((x, y, entry));
            x += width;
        }

        legend.Bottom = entries.Count == 0 ? top : y + 8;
        return legend;
    }

    public void Write(SvgWriter svg)
    {
        svg.Raw("<g class=\"legend\">");
        foreach (var (x, y, entry) in _placed)
        {
            var middle = y - 4;
            if (entry.Band)
                svg.Raw("<rect").Attr("x", x).Attr("y", middle - 6).Attr("width", Swatch).Attr("height", 12).Attr("fill", entry.Color).Raw(" fill-opacity=\"0.18\"/>");
            if (entry.Line)
            {
                svg.Raw("<line").Attr("x1", x).Attr("y1", middle).Attr("x2", x + Swatch).Attr("y2", middle).Attr("stroke", entry.Color).Raw(" stroke-width=\"2\"");
                if (entry.Dash is not null)
                    svg.Attr("stroke-dasharray", entry.Dash);
                svg.Raw("/>");
            }

            var label = Label(entry.Label);
            svg.Raw("<text").Attr("x", x + Swatch + 6).Attr("y", y).Raw(" fill=\"#1a1a1a\">");
            if (label.Length < entry.Label.Length)
                svg.Title(entry.Label);
            svg.Text(label).Raw("</text>");
        }

        svg.Raw("</g>");
    }

    private static string Label(string text) => text.Length <= MaxLabel ? text : string.Concat(text.AsSpan(0, MaxLabel - 1), "…");

    /// <summary>One legend item: a line swatch, a band swatch or both, and its text.</summary>
    internal sealed record Entry(string Label, string Color, bool Line, bool Band, string? Dash = null);
}
