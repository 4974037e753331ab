using Assay.Domain;
using Assay.Server.Ui;

namespace Assay.Server.Tests.Ui;

public sealed class EvidenceHighlighterTests
{
    private static Flag Flag(string rule, params Evidence[] evidence) => new(rule, "pii-leak", Severity.High, "p", evidence, "e");

    private static string Render(string text, TextField field, int? message, params Flag[] flags)
    {
        var html = new HtmlBuilder(256);
        EvidenceHighlighter.Write(html, text, EvidenceHighlighter.SpansFor(flags, field, message, text));
        return html.ToString();
    }

    [Fact]
    public void Write_marks_exactly_the_span_and_names_the_rule()
    {
        const string Text = "Mail jane@example.com today";

        var html = Render(Text, TextField.Response, null, Flag("pii.email", new Evidence(TextField.Response, null, 5, 21, "jane@example.com")));

        Assert.Equal("Mail <mark title=\"pii.email (pii-leak)\">jane@example.com</mark> today", html);
    }

    [Fact]
    public void Write_overlapping_spans_cut_into_pieces_each_marked_with_every_rule_covering_it()
    {
        const string Text = "abcdefgh";

        var html = Render(Text, TextField.Response, null,
            Flag("r1", new Evidence(TextField.Response, null, 1, 5, "bcde")),
            Flag("r2", new Evidence(TextField.Response, null, 3, 7, "defg")));

        Assert.Equal(
            "a<mark title=\"r1 (pii-leak)\">bc</mark><mark title=\"r1 (pii-leak); r2 (pii-leak)\">de</mark><mark title=\"r2 (pii-leak)\">fg</mark>h",
            html);
    }

    [Fact]
    public void Write_encodes_markup_inside_and_outside_marks()
    {
        const string Text = "<b>x</b><script>alert(1)</script>";

        var html = Render(Text, TextField.Response, null, Flag("r\"><i>", new Evidence(TextField.Response, null, 8, 16, "<script>")));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"><i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SpansFor_clamps_out_of_range_offsets_drops_empty_ones_and_keeps_surrogate_pairs_whole()
    {
        const string Text = "ok 😀 end";
        var inside = Text.IndexOf("😀", StringComparison.Ordinal) + 1;

        var spans = EvidenceHighlighter.SpansFor(
            [Flag("r", new Evidence(TextField.Response, null, -5, 2, "ok"), new Evidence(TextField.Response, null, inside, 99, ""), new Evidence(TextField.Response, null, 4, 4, ""))],
            TextField.Response, null, Text);

        Assert.Equal([(0, 2), (inside - 1, Text.Length)], spans.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void SpansFor_keeps_only_the_field_and_input_message_asked_for()
    {
        var flag = Flag("r",
            new Evidence(TextField.Input, 1, 0, 2, "hi"),
            new Evidence(TextField.Input, 0, 0, 2, "hi"),
            new Evidence(TextField.Reasoning, null, 0, 2, "hi"));

        Assert.Single(EvidenceHighlighter.SpansFor([flag], TextField.Input, 1, "hi there"));
        Assert.Single(EvidenceHighlighter.SpansFor([flag], TextField.Reasoning, null, "hi there"));
        Assert.Empty(EvidenceHighlighter.SpansFor([flag], TextField.Response, null, "hi there"));
    }
}
