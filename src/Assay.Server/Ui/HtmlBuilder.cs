using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Assay.Server.Ui;

/// <summary>An append-only HTML buffer that encodes every dynamic value and takes markup only as constants.</summary>
/// <remarks>
/// <see cref="Raw"/> is for literal markup written in this assembly; anything that came from a model,
/// a user or the store goes through <see cref="Text(string?)"/>, which encodes into the buffer without
/// an intermediate string. Not thread-safe: one builder per response.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A StringWriter over a StringBuilder holds no resource to release.")]
internal sealed class HtmlBuilder
{
    // Every Unicode range is allowed so that non-Latin text stays readable; the encoder still
    // encodes the characters that matter for HTML (< > & " ' and controls) in text and attributes.
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _html;
    private readonly StringWriter _writer;

    public HtmlBuilder(int capacity = 16 * 1024)
    {
        _html = new StringBuilder(capacity);
        _writer = new StringWriter(_html, CultureInfo.InvariantCulture);
    }

    /// <summary>Appends trusted, literal markup.</summary>
    public HtmlBuilder Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Appends encoded text; safe in element content and in double-quoted attribute values.</summary>
    public HtmlBuilder Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
            s_encoder.Encode(_writer, value, 0, value.Length);
        return this;
    }

    /// <summary>Appends part of <paramref name="value"/>, encoded.</summary>
    public HtmlBuilder Text(string value, int start, int count)
    {
        if (count > 0)
            s_encoder.Encode(_writer, value, start, count);
        return this;
    }

    public HtmlBuilder Number(long value)
    {
        _html.Append(value);
        return this;
    }

    /// <summary>Appends a number with three decimals, or "n/a" when it is undefined.</summary>
    public HtmlBuilder Decimal(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            _html.Append("n/a");
        else
            _html.Append(value.ToString("0.000", CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends a number with three decimals and a true minus sign (U+2212), or "n/a" when it is undefined.</summary>
    public HtmlBuilder Signed(double value)
    {
        if (!double.IsFinite(value))
            return Raw("n/a");
        var text = value.ToString("0.000", CultureInfo.InvariantCulture);
        return Raw(text == "-0.000" ? "0.000" : text.Replace('-', '\u2212'));
    }

    /// <summary>Appends <c> name="value"</c> with the value encoded.</summary>
    public HtmlBuilder Attribute(string name, string? value)
    {
        _html.Append(' ').Append(name).Append("=\"");
        Text(value);
        _html.Append('"');
        return this;
    }

    /// <summary>Appends <c>&lt;tag&gt;text&lt;/tag&gt;</c> with the text encoded.</summary>
    public HtmlBuilder Element(string tag, string? text)
    {
        _html.Append('<').Append(tag).Append('>');
        Text(text);
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    public override string ToString() => _html.ToString();
}
