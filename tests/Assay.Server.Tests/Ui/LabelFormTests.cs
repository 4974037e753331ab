using Assay.Policy;
using Assay.Server.Ui;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Assay.Server.Tests.Ui;

public sealed class LabelFormTests
{
    private static readonly IReadOnlyList<FailureCategory> s_taxonomy = StarterPolicy.Load().Taxonomy;
    private static readonly PageFrame s_frame = new("nonce", "alice", "reviewer", false, "__token", "t");

    private static string Render(LabelDraft? draft)
    {
        var html = new HtmlBuilder(4096);
        LabelForm.Write(html, s_frame, "/ui/review/1", "Failures found", "Submit", s_taxonomy, draft);
        return html.ToString();
    }

    [Fact]
    public void Write_without_a_draft_checks_and_selects_nothing()
    {
        var html = Render(null);

        Assert.DoesNotContain(" checked", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" selected", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_with_the_draft_of_a_refused_submission_shows_it_again_encoded()
    {
        // Both a category and "no failure": the combination VerdictForm refuses.
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["category"] = new(["pii-leak", "manipulation"]),
            ["no_failure"] = "true",
            ["severity"] = "high",
            ["note"] = "</textarea><script>alert(1)</script>",
        });
        Assert.Null(VerdictForm.Read(form, s_taxonomy).Verdict);

        var html = Render(LabelDraft.From(form));

        Assert.Contains("id=\"c-pii-leak\" value=\"pii-leak\" data-key=\"8\" aria-keyshortcuts=\"8\" checked>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"manipulation\" data-key=\"3\" aria-keyshortcuts=\"3\" checked>", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split(" checked", StringSplitOptions.None).Length - 1);
        Assert.Contains("<option value=\"high\" selected>high</option>", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split(" selected", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/textarea&gt;&lt;script&gt;", html, StringComparison.Ordinal);
    }
}
