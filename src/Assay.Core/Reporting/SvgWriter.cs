using System.Globalization;
using System.Text;

namespace Assay.Reporting;

/// <summary>An append-only SVG buffer: markup from constants, every value escaped, every number invariant.</summary>
/// <remarks>Not thread-safe: one writer per chart.</remarks>
internal sealed class SvgWriter
{
    private readonly StringBuilder _xml = new(16 * 1024);

    /// <summary>
    /// A coordinate or value as charts print it: invariant culture, at most <paramref name="decimals"/> decimals (exactly
    /// that many when <paramref name="fixedDecimals"/>), and never "-0": a value that rounds to zero prints as 0.
    /// </summary>
    public static string Number(double value, int decimals = 2, bool fixedDecimals = false)
    {
        // Math.Round keeps the sign of a negative value that rounds to zero, and "-0" reads as a real negative.
        var rounded = Math.Round(value, decimals);
        var format = fixedDecimals ? "F" + decimals.ToString(CultureInfo.InvariantCulture) : "0." + new string('#', decimals);
        return (rounded == 0 ? 0 : rounded).ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A value for reading, not a coordinate: <paramref name="decimals"/> fixed decimals, a true minus sign (U+2212), "n/a" when undefined.</summary>
    public static string Signed(double value, int decimals = 3)
    {
        if (!double.IsFinite(value))
            return "n/a";
        var text = Number(value, decimals, fixedDecimals: true);
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }

    /// <summary>Appends literal markup written in this assembly.</summary>
    public SvgWriter Raw(string markup)
    {
        _xml.Append(markup);
        return this;
    }

    /// <summary>Appends escaped text.</summary>
    public SvgWriter Text(string? text)
    {
        XmlText.Append(_xml, text);
        return this;
    }

    /// <summary>Appends <c> name="value"</c>, the value escaped.</summary>
    public SvgWriter Attr(string name, string? value)
    {
        _xml.Append(' ').Append(name).Append("=\"");
        XmlText.Append(_xml, value);
        _xml.Append('"');
        return this;
    }

    public SvgWriter Attr(string name, double value) => Attr(name, Number(value));

    /// <summary>Appends <c>&lt;title&gt;text&lt;/title&gt;</c>: the tooltip and accessible name of the element it is in.</summary>
    public SvgWriter Title(string text) => Raw("<title>").Text(text).Raw("</title>");

    public override string ToString() => _xml.ToString();
}
