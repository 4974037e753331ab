using System.Net;
using System.Text;

namespace Assay.Server.Reports;

/// <summary>Writes a <see cref="ReportDocument"/> as one self-contained HTML page (inline CSS and SVG, no external asset) and as Markdown.</summary>
/// <remarks>Pure functions of the document, with "\n" line ends whatever the platform: the same document gives the same bytes.</remarks>
public static class ReportWriters
{
    private const string Style = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;max-width:1100px;margin:2rem auto;padding:0 1rem}
        h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}p.lead{color:#57606a;margin:.2rem 0}
        figure{margin:.5rem 0 1rem}figcaption{color:#57606a;font-size:.9rem}code{font-size:.9em}
        """;

    public static string Html(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(document.Title)).Append("</title>\n<style>\n")
            .Append(Style).Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        foreach (var line in document.Lead)
            html.Append("<p class=\"lead\">").Append(Encode(line)).Append("</p>\n");
        foreach (var section in document.Sections)
        {
            html.Append("<h2>").Append(Encode(section.Title)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case ReportParagraph p:
                        html.Append("<p>").Append(Encode(p.Text)).Append("</p>\n");
                        break;
                    case ReportTable t:
                        html.Append("<table>\n<tr>");
                        foreach (var header in t.Headers)
                            html.Append("<th>").Append(Encode(header)).Append("</th>");
                        html.Append("</tr>\n");
                        foreach (var row in t.Rows)
                        {
                            html.Append("<tr>");
                            for (var i = 0; i < row.Count; i++)
                                html.Append(t.Numeric[i] ? "<td class=\"n\">" : "<td>").Append(Encode(row[i])).Append("</td>");
                            html.Append("</tr>\n");
                        }

                        html.Append("</table>\n");
                        break;
                    case ReportFigure f:
                        html.Append("<figure>\n").Append(f.Svg).Append("\n<figcaption>").Append(Encode(f.Caption)).Append("</figcaption>\n</figure>\n");
                        break;
                }
            }
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    public static string Markdown(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        md.Append("# ").Append(Inline(document.Title)).Append("\n\n");
        foreach (var line in document.Lead)
            md.Append(Inline(line)).Append("  \n");
        foreach (var section in document.Sections)
        {
            md.Append("\n## ").Append(Inline(section.Title)).Append("\n\n");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case ReportParagraph p:
                        md.Append(Inline(p.Text)).Append("\n\n");
                        break;
                    case ReportTable t:
                        md.Append("| ").Append(string.Join(" | ", t.Headers.Select(Cell))).Append(" |\n|");
                        foreach (var numeric in t.Numeric)
                            md.Append(numeric ? "---:|" : "---|");
                        md.Append('\n');
                        foreach (var row in t.Rows)
                            md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                        md.Append('\n');
                        break;
                    case ReportFigure f:
                        md.Append("*Figure (in the HTML report): ").Append(Inline(f.Caption)).Append("*\n\n");
                        break;
                }
            }
        }

        return md.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Markdown's inline specials escaped, so a rule id such as <c>pii_email</c> or a message with <c>*</c> reads as written.</summary>
    private static string Inline(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|')
                escaped.Append('\\');
            escaped.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return escaped.ToString();
    }

    private static string Cell(string text) => Inline(text);
}
