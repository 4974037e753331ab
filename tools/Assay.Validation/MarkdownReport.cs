using System.Globalization;
using System.Text;
using Assay.Statistics;

namespace Assay.Validation;

/// <summary>The validation report as Markdown: headings, paragraphs, tables and one-line verdicts.</summary>
internal sealed class MarkdownReport
{
    private readonly StringBuilder _text = new();

    public void Heading(int level, string title) => _text.Append('#', level).Append(' ').AppendLine(title).AppendLine();

    public void Paragraph(string text) => _text.AppendLine(text).AppendLine();

    public void Bullets(IEnumerable<string> items)
    {
        foreach (var item in items)
        {
            _text.Append("- ").AppendLine(item);
        }

        _text.AppendLine();
    }

    /// <summary>The section's verdict, saying plainly whether the result was the one expected.</summary>
    public void Verdict(bool asExpected, string text) =>
        Paragraph($"**Verdict: {(asExpected ? "as expected" : "not as expected")}.** {text}");

    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _text.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        _text.Append('|').AppendJoin("", header.Select(_ => " --- |")).AppendLine();
        foreach (var row in rows)
        {
            _text.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
        }

        _text.AppendLine();
    }

    public override string ToString() => _text.ToString();

    public static string Number(double value, int digits = 3) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F" + digits, CultureInfo.InvariantCulture);

    public static string Percent(double value, int digits = 1) =>
        double.IsNaN(value) ? "n/a" : (100 * value).ToString("F" + digits, CultureInfo.InvariantCulture) + "%";

    public static string P(double p) => p switch
    {
        double.NaN => "n/a",
        0 => "< 1e-300",
        < 0.001 => p.ToString("0.0e+0", CultureInfo.InvariantCulture),
        _ => p.ToString("0.000", CultureInfo.InvariantCulture),
    };

    /// <summary>An estimate as "value [low, high]", with its warning in brackets when it has one.</summary>
    public static string Interval(Estimate e, int digits = 3) =>
        double.IsNaN(e.Value)
            ? $"n/a [{Number(e.Low, digits)}, {Number(e.High, digits)}]"
            : $"{Number(e.Value, digits)} [{Number(e.Low, digits)}, {Number(e.High, digits)}]";

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
