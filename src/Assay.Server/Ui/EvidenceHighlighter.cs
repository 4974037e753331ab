using Assay.Domain;

namespace Assay.Server.Ui;

/// <summary>Writes a text with the evidence spans that point into it wrapped in <c>&lt;mark&gt;</c>, every piece encoded.</summary>
/// <remarks>
/// Offsets are UTF-16 code units from detectors and may be out of range, empty, overlapping or
/// inside a surrogate pair; they are clamped and moved off pair boundaries, and the text is cut at
/// every span edge so that each piece is marked with all the rules that cover it.
/// </remarks>
internal static class EvidenceHighlighter
{
    /// <summary>One span to mark: its clamped range and the rule that produced it.</summary>
    internal readonly record struct Span(int Start, int End, string Rule, string Category);

    /// <summary>The spans of <paramref name="flags"/> in <paramref name="field"/> (and input message <paramref name="message"/>).</summary>
    public static List<Span> SpansFor(IReadOnlyList<Flag> flags, TextField field, int? message, string text)
    {
        var spans = new List<Span>();
        foreach (var flag in flags)
        {
            foreach (var evidence in flag.Evidence)
            {
                if (evidence.Field != field || (field == TextField.Input && evidence.Message != message))
                    continue;
                var start = Align(text, Math.Clamp(evidence.Start, 0, text.Length));
                var end = Align(text, Math.Clamp(evidence.End, 0, text.Length));
                if (end > start)
                    spans.Add(new Span(start, end, flag.Rule, flag.Category));
            }
        }

        return spans;
    }

    public static void Write(HtmlBuilder html, string text, List<Span> spans)
    {
        if (spans.Count == 0)
        {
            html.Text(text);
            return;
        }

        // Every span edge is a cut; between two cuts the set of covering spans is constant.
        var cuts = new int[(spans.Count * 2) + 2];
        var n = 0;
        cuts[n++] = 0;
        cuts[n++] = text.Length;
        foreach (var span in spans)
        {
            cuts[n++] = span.Start;
            cuts[n++] = span.End;
        }

        Array.Sort(cuts, 0, n);
        var previous = -1;
        for (var i = 0; i < n - 1; i++)
        {
            var from = cuts[i];
            var to = cuts[i + 1];
            if (from == previous || to <= from)
                continue;
            previous = from;
            WritePiece(html, text, from, to, spans);
        }
    }

    private static void WritePiece(HtmlBuilder html, string text, int from, int to, List<Span> spans)
    {
        var covering = 0;
        foreach (var span in spans)
        {
            if (span.Start <= from && span.End >= to)
                covering++;
        }

        if (covering == 0)
        {
            html.Text(text, from, to - from);
            return;
        }

        html.Raw("<mark title=\"");
        var first = true;
        foreach (var span in spans)
        {
            if (span.Start > from || span.End < to)
                continue;
            if (!first)
                html.Raw("; ");
            html.Text(span.Rule).Raw(" (").Text(span.Category).Raw(")");
            first = false;
        }

        html.Raw("\">").Text(text, from, to - from).Raw("</mark>");
    }

    /// <summary>Moves an offset that falls between the halves of a surrogate pair to before the pair.</summary>
    private static int Align(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]) ? offset - 1 : offset;
}
