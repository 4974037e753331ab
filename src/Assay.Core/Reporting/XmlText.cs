using System.Text;

namespace Assay.Reporting;

/// <summary>Writes text into XML (and so into SVG, and into HTML around it) so that it can only ever be text.</summary>
/// <remarks>
/// Escapes the five markup characters, and replaces what XML 1.0 cannot hold at all (control characters, lone
/// surrogates, U+FFFE and U+FFFF) with U+FFFD, so that a category or model name from user data never breaks the document.
/// </remarks>
public static class XmlText
{
    public static StringBuilder Append(StringBuilder xml, string? text)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (string.IsNullOrEmpty(text))
            return xml;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': xml.Append("&amp;"); break;
                case '<': xml.Append("&lt;"); break;
                case '>': xml.Append("&gt;"); break;
                case '"': xml.Append("&quot;"); break;
                case '\'': xml.Append("&#39;"); break;
                case '\t' or '\n' or '\r': xml.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': xml.Append('\uFFFD'); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        xml.Append(c).Append(text[++i]);
                    else if (char.IsSurrogate(c))
                        xml.Append('\uFFFD');
                    else
                        xml.Append(c);
                    break;
            }
        }

        return xml;
    }

    public static string Escape(string? text) => Append(new StringBuilder(), text).ToString();
}
