using System.Globalization;
using System.Xml.Linq;
using Assay.Reporting;
using static Assay.Core.Tests.Reporting.ChartFixtures;

namespace Assay.Core.Tests.Reporting;

public sealed class SvgLineChartTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_places_a_point_at_its_time_and_value()
    {
        var chart = Chart(new ChartSeries("rate", [new ChartPoint(From.AddMinutes(15), 0.25)]));

        var circle = Parse(SvgLineChart.Render(chart)).Descendants(s_svg + "circle").Single();

        // A quarter of the hour along an 872 px plot starting at x 64; a quarter of the way up a 200 px plot whose top is y 40.
        Assert.Equal(64 + (0.25 * 872), Number(circle, "cx"), 2);
        Assert.Equal(40 + ((1 - 0.25) * 200), Number(circle, "cy"), 2);
    }

    [Fact]
    public void Render_breaks_the_line_at_a_gap_into_two_subpaths()
    {
        var chart = Chart(Series("rate", 0.1, 0.2, double.NaN, 0.3, 0.4));

        var path = Parse(SvgLineChart.Render(chart)).Descendants(s_svg + "path").Single(p => (string?)p.Attribute("class") == "series");

        var d = (string)path.Attribute("d")!;
        Assert.Equal(2, d.Count(c => c == 'M'));
        Assert.Equal(2, d.Count(c => c == 'L'));
    }

    [Fact]
    public void Render_draws_a_band_only_for_series_with_intervals()
    {
        var banded = Parse(SvgLineChart.Render(Chart(WithIntervals("with", 0.3, 0.4, double.NaN, 0.5), Series("without", 0.6, 0.7))));
        var plain = Parse(SvgLineChart.Render(Chart(Series("without", 0.6, 0.7))));

        var bands = banded.Descendants(s_svg + "polygon").Where(p => (string?)p.Attribute("class") == "band").ToList();
        Assert.Equal(2, bands.Count); // one per run of points with intervals: the gap splits the band too
        Assert.All(bands, b => Assert.Equal(SvgLineChart.Colour(0), (string?)b.Attribute("fill")));
        Assert.Empty(plain.Descendants(s_svg + "polygon"));
    }

    [Fact]
    public void Render_is_well_formed_xml_with_an_accessible_name_and_no_style()
    {
        var chart = Chart(WithIntervals("a", 0.2, 0.3)) with
        {
            Threshold = 0.5,
            ThresholdLabel = "limit",
            Markers = [new ChartMarker(From.AddMinutes(30), "refusal-rate")],
        };

        var svg = SvgLineChart.Render(chart);
        var root = Parse(svg);

        Assert.Equal(s_svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        var ids = ((string)root.Attribute("aria-labelledby")!).Split(' ');
        Assert.Equal("Test chart", root.Descendants().Single(e => (string?)e.Attribute("id") == ids[0]).Value);
        Assert.StartsWith("A chart for tests.", root.Descendants().Single(e => (string?)e.Attribute("id") == ids[1]).Value, StringComparison.Ordinal);
        Assert.Equal(s_svg + "title", root.Elements().First().Name);
        Assert.DoesNotContain(root.DescendantsAndSelf(), e => e.Attribute("style") is not null || e.Name.LocalName == "style");
        Assert.Single(root.Descendants(s_svg + "line"), l => (string?)l.Attribute("class") == "threshold");
        var marker = root.Descendants(s_svg + "line").Single(l => (string?)l.Attribute("class") == "marker");
        Assert.Equal(64 + (0.5 * 872), Number(marker, "x1"), 2);
        Assert.Contains("refusal-rate", marker.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_escapes_names_and_titles_from_user_data()
    {
        const string Name = "a<b&\"c\" 'd' <script>alert(1)</script>\u0001";
        var chart = Chart(Series(Name, 0.5)) with { Title = "T <&> \"q\"", Markers = [new ChartMarker(From.AddMinutes(5), "</text><script>")] };

        var svg = SvgLineChart.Render(chart);
        var root = Parse(svg);

        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName == "script");
        Assert.Equal("T <&> \"q\"", root.Element(s_svg + "title")!.Value);
        var legend = root.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "legend");
        Assert.Contains(legend.Descendants(s_svg + "text"), t => t.Value == Name.Replace('\u0001', '\uFFFD'));
    }

    [Fact]
    public void Render_writes_numbers_invariantly_whatever_the_current_culture()
    {
        // The tests run with invariant globalization, so de-DE's data is not loadable; this culture carries its number format.
        var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        german.NumberFormat.NumberDecimalSeparator = ",";
        german.NumberFormat.NumberGroupSeparator = ".";
        var chart = Chart(new ChartSeries("rate", [new ChartPoint(From.AddMinutes(10), 0.125, 0.1, 0.15)]));
        var invariant = SvgLineChart.Render(chart);
        var previous = CultureInfo.CurrentCulture;
        string rendered;
        try
        {
            CultureInfo.CurrentCulture = german;
            Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture));
            rendered = SvgLineChart.Render(chart);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal(invariant, rendered);
        var circle = Parse(rendered).Descendants(s_svg + "circle").Single();
        Assert.Equal("209.33", (string?)circle.Attribute("cx"));
        Assert.Contains("0.125", circle.Value, StringComparison.Ordinal);
        Assert.Contains(Parse(rendered).Descendants(s_svg + "text"), t => t.Value == "0.2");
    }

    [Fact]
    public void Render_writes_negative_zero_and_values_rounding_to_zero_as_0_in_tooltips()
    {
        // The drift chart draws −log10 p, which is −0 when p is 1.
        var chart = Chart(Series("smallest adjusted p", -Math.Log10(1), -0.0001));

        var titles = Parse(SvgLineChart.Render(chart)).Descendants(s_svg + "circle").Select(c => c.Value).ToList();

        Assert.Equal(2, titles.Count);
        Assert.All(titles, t => Assert.EndsWith(" UTC: 0", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_a_chart_without_data_says_why_and_draws_no_line()
    {
        var chart = Chart(Series("rate", double.NaN, double.NaN)) with { EmptyText = "Nothing yet" };

        var root = Parse(SvgLineChart.Render(chart));

        Assert.DoesNotContain(root.Descendants(s_svg + "path"), p => (string?)p.Attribute("class") == "series");
        Assert.Equal("Nothing yet", root.Descendants(s_svg + "text").Single(t => (string?)t.Attribute("class") == "empty").Value);
    }

    [Fact]
    public void Render_writes_a_gap_note_where_a_bucket_is_insufficient()
    {
        var chart = Chart(new ChartSeries("alpha", [new ChartPoint(From.AddMinutes(5), 0.8), ChartPoint.Gap(From.AddMinutes(15), "insufficient: 3 items")]));

        var root = Parse(SvgLineChart.Render(chart));

        var note = root.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "notes").Elements(s_svg + "text").Single();
        Assert.Equal("insufficient: 3 items", note.Value);
        Assert.Equal(64 + (0.25 * 872) + 3, Number(note, "x"), 2);
    }

    private static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
