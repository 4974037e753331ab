namespace Assay.Reporting;

/// <summary>A horizontal bar chart as standalone SVG: one labelled bar per value, scaled to the largest, for reports.</summary>
/// <remarks>Horizontal so that long labels (category and rule ids) stay readable; one colour, so nothing depends on telling colours apart.</remarks>
public static class SvgBarChart
{
    private const double Width = 720, LabelWidth = 220, ValueWidth = 80, Bar = 18, Gap = 8, Top = 8;

    public static string Render(string title, IReadOnlyList<(string Label, double Value)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var height = Top * 2 + Math.Max(1, bars.Count) * (Bar + Gap);
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var span = Width - LabelWidth - ValueWidth;
        var svg = new SvgWriter();
        svg.Raw("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" font-family=\"system-ui,sans-serif\" font-size=\"12\"")
            .Attr("width", Width).Attr("height", height).Attr("viewBox", $"0 0 {SvgWriter.Number(Width)} {SvgWriter.Number(height)}").Raw(">").Title(title);
        if (bars.Count == 0)
            svg.Raw("<text").Attr("x", 0).Attr("y", Top + Bar - 4).Raw(">").Text("nothing to show in this window").Raw("</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = Top + i * (Bar + Gap);
            var length = max > 0 ? span * value / max : 0;
            svg.Raw("<text").Attr("x", LabelWidth - 6).Attr("y", y + Bar - 5).Attr("text-anchor", "end").Raw(">").Text(label).Raw("</text>");
            svg.Raw("<rect").Attr("x", LabelWidth).Attr("y", y).Attr("width", Math.Max(length, value > 0 ? 1 : 0)).Attr("height", Bar).Attr("fill", "#0969da").Raw("/>");
            svg.Raw("<text").Attr("x", LabelWidth + length + 6).Attr("y", y + Bar - 5).Raw(">").Text(SvgWriter.Number(value, 0)).Raw("</text>");
        }

        return svg.Raw("</svg>").ToString();
    }
}
