using System.Text.Json.Nodes;
using Assay.Review;
using Assay.Server.Policies;
using Assay.Server.Reports;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Reports;

/// <summary>The report's drift and judge sections over a small seeded store: the window against the one before it, checked by hand.</summary>
public sealed class ReportDriftTests
{
    private static readonly DateTimeOffset s_from = Some.Noon.AddHours(-1);

    [Fact]
    public async Task The_drift_section_tests_each_feature_against_the_previous_window_and_says_no_judge_ran()
    {
        var server = new AssayTestServer();
        try
        {
            await server.InitializeAsync();
            await DriftAndJudgesAsync(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task DriftAndJudgesAsync(AssayTestServer server)
    {
        // 60 interactions in the previous hour with user inputs of 10..69 characters, 60 in the window with 40..99: the
        // empirical distributions differ most at 39 characters, where the previous window has 30 of 60 below and this one none,
        // so KS D = 0.5. Every response is the same, so the response lengths do not move at all (D = 0, p = 1).
        var batch = new List<JsonObject>();
        for (var i = 0; i < 60; i++)
        {
            batch.Add(Some.Interaction(user: new string('x', 10 + i), at: s_from.AddHours(-1).AddSeconds(30 * i)));
            batch.Add(Some.Interaction(user: new string('x', 40 + i), at: s_from.AddSeconds(30 * i)));
        }

        using (var response = await server.PostAsync(Some.Utf8(Some.Ndjson(batch)), "application/x-ndjson"))
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await server.WaitUntilAllProcessedAsync();

        var services = server.Services;
        var sources = new ReportSources(services.GetRequiredService<IInteractionStore>(), services.GetRequiredService<IReviewStore>(),
            services.GetRequiredService<IAlertStore>(), services.GetRequiredService<IPolicyStore>(), services.GetRequiredService<IAuditStore>(),
            services.GetRequiredService<LivePolicy>().Policy, services.GetRequiredService<IIncidentStore>());
        var request = new ReportRequest(s_from, Some.Noon, ApiKey.AllProjects);
        var document = await ReportBuilder.BuildAsync(sources, request, CancellationToken.None);
        var html = ReportWriters.Html(document);

        var drift = Assert.Single(document.Sections, s => s.Title == "Traffic drift against the previous window");
        var lead = Assert.IsType<ReportParagraph>(drift.Blocks[0]).Text;
        Assert.Contains("The window's 60 processed interactions against the 60 of the window of equal length just before it", lead, StringComparison.Ordinal);
        Assert.Contains("input_chars", lead[lead.IndexOf("Verdict:", StringComparison.Ordinal)..], StringComparison.Ordinal);
        // 60 interactions make one bucket of the hour, drawn against the previous hour: a point, not the empty chart.
        var figure = Assert.IsType<ReportFigure>(drift.Blocks[1]);
        Assert.Contains("<svg", figure.Svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Too little traffic", figure.Svg, StringComparison.Ordinal);
        Assert.StartsWith("Drift through the window: each 1 h bucket", figure.Caption, StringComparison.Ordinal);
        var table = Assert.IsType<ReportTable>(drift.Blocks[2]);
        Assert.Equal(["input_chars", "ks", "60", "60", "0.500"], Assert.Single(table.Rows, r => r[0] == "input_chars").Take(5));
        Assert.Equal("drifted", Assert.Single(table.Rows, r => r[0] == "input_chars")[^1]);
        var responses = Assert.Single(table.Rows, r => r[0] == "response_chars");
        Assert.Equal(["response_chars", "ks", "60", "60", "0.000", "1.000", "1.000"], responses.Take(7));
        Assert.Equal("stable", responses[^1]);

        var judges = Assert.Single(document.Sections, s => s.Title == "LLM judges against the humans");
        Assert.StartsWith("No judge ran in the window", Assert.IsType<ReportParagraph>(Assert.Single(judges.Blocks)).Text, StringComparison.Ordinal);

        // The same closed window gives the same bytes, drift chart included.
        Assert.Equal(html, ReportWriters.Html(await ReportBuilder.BuildAsync(sources, request, CancellationToken.None)));
    }
}
