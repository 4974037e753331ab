using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Judging;
using Assay.Monitoring;
using Assay.Review;
using Assay.Server.Tests.Sampling;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Judging;

/// <summary>Judge calibration end to end: a judge worker's verdicts and reviewers' labels give the judges[] of the metrics, the page, and judge-drift.</summary>
public sealed class JudgeCalibrationEndpointTests
{
    private const string Policy = """
        taxonomy:
          - {id: hallucination, name: Hallucination, definition: False claims., severity: high}
        routing:
          audit_rate: 1
        review:
          labels_per_task: 1
          calibration_share: 0
          agreement_threshold: 0.667
        rules:
          - id: judge.facts
            category: hallucination
            kind: judge
            share: 1
            prompt: |
              {{response}}
        judging:
          requests_per_minute: 6000
        """;

    // (judge fails, humans fail, how many): 8 + 4 + 2 + 10 = 24 co-rated items, agreement 18 of 24.
    private static readonly (bool Judge, bool Human, int Count)[] s_design = [(true, true, 8), (true, false, 4), (false, true, 2), (false, false, 10)];

    private static FakeChatReply Script(FakeChatRequest request) => request.User.Contains("JUDGE-FAIL", StringComparison.Ordinal)
        ? new("""{"verdict": "fail", "score": 0.9, "quotes": ["JUDGE-FAIL"], "explanation": "Made up."}""")
        : new("""{"verdict": "pass", "score": 0.1, "quotes": [], "explanation": "Fine."}""");

    [Fact]
    public async Task Metrics_and_the_report_give_judge_agreement_precision_and_recall_as_computed_by_hand_and_an_unreliable_judge_is_not_a_detection_and_alerts()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartJudgingAsync(Policy, JudgeWorkerTests.Options(endpoint));
        var human = new Dictionary<string, bool>();
        var batch = new List<System.Text.Json.Nodes.JsonObject>();
        var n = 0;
        foreach (var (judge, fails, count) in s_design)
        {
            for (var i = 0; i < count; i++)
            {
                var interaction = SamplingAssayServer.Interaction($"Question {n++}?", judge ? $"Answer {n} JUDGE-FAIL." : $"Answer {n}.");
                human[(string)interaction["id"]!] = fails;
                batch.Add(interaction);
            }
        }

        await server.IngestAsync([.. batch]);
        await JudgeWorkerTests.VerdictsAsync(server, 24);
        var reviews = server.Services.GetRequiredService<IReviewStore>();
        foreach (var (id, fails) in human)
        {
            var task = Assert.Single((await reviews.ListTasksAsync(ApiKey.AllProjects, null, id, 0, 10, CancellationToken.None)).Tasks);
            var verdict = new Verdict(fails ? new HashSet<string> { "hallucination" } : new HashSet<string>(), null, null);
            await reviews.SubmitLabelAsync(task.TaskId, "reviewer-1", verdict, null, ApiKey.AllProjects, CancellationToken.None);
        }

        var metrics = await GetAsync(server, "v1/review/metrics");

        var row = Assert.Single(metrics.GetProperty("judges").EnumerateArray());
        Assert.Equal(("judge.facts", "hallucination", 24, 0), (row.GetProperty("judge").GetString(), row.GetProperty("category").GetString(),
            row.GetProperty("items").GetInt32(), row.GetProperty("malformed").GetInt32()));
        // Independent computation from the 2x2 table of (judge, humans).
        var (a, b, c, d) = (8.0, 4.0, 2.0, 10.0);
        var total = a + b + c + d;
        var observed = (a + d) / total;
        var chance = ((a + b) / total * ((a + c) / total)) + ((c + d) / total * ((b + d) / total));
        var kappa = (observed - chance) / (1 - chance);
        // Krippendorff's alpha, nominal, two coders: pairable values 2N, disagreement from the pooled marginals.
        var values = 2 * total;
        var fail = (a + b) + (a + c);
        var pass = values - fail;
        var alpha = 1 - ((values - 1) * (b + c) * 2 / (2 * fail * pass));
        Assert.Equal(kappa, row.GetProperty("kappa").GetProperty("value").GetDouble(), 9);
        Assert.Equal(alpha, row.GetProperty("alpha").GetProperty("value").GetDouble(), 9);
        Assert.Equal(a / (a + b), row.GetProperty("precision").GetProperty("value").GetDouble(), 9);
        Assert.Equal(a / (a + c), row.GetProperty("recall").GetProperty("value").GetDouble(), 9);
        foreach (var measure in new[] { "alpha", "ac1", "kappa", "precision", "recall" })
        {
            var e = row.GetProperty(measure);
            Assert.True(e.GetProperty("low").GetDouble() <= e.GetProperty("value").GetDouble() && e.GetProperty("value").GetDouble() <= e.GetProperty("high").GetDouble(), measure);
        }

        // alpha ~0.49 on 24 >= 20 items is below 0.667: unreliable, and its flags are no detections.
        Assert.True(alpha < 0.667);
        Assert.True(row.GetProperty("unreliable").GetBoolean());
        Assert.Equal("unreliable", row.GetProperty("reliability").GetProperty("status").GetString());
        Assert.DoesNotContain(metrics.GetProperty("precision").EnumerateArray(), p => p.GetProperty("rule").GetString() == "judge.facts");
        var overall = metrics.GetProperty("overall_recall").GetProperty("recall");
        Assert.Equal(0.0, overall.GetProperty("value").GetDouble(), 9);

        // The metrics page shows the same row beside rule precision.
        using (var browser = await Security.UiSignIn.SignInAsync(server.Address, await server.KeyAsync(Role.Lead)))
        {
            var html = await browser.GetStringAsync(new Uri("/ui/metrics", UriKind.Relative));
            var table = html[html.IndexOf("<table id=\"judges\"", StringComparison.Ordinal)..];
            table = table[..(table.IndexOf("</table>", StringComparison.Ordinal) + 8)];
            Assert.Contains("<th scope=\"row\">judge.facts</th><td>hallucination</td>", table, StringComparison.Ordinal);
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{alpha:0.000} ["), table, StringComparison.Ordinal);
            Assert.Contains("unreliable", table, StringComparison.Ordinal);
        }

        // The report of the window says the same, with the judge's verdicts in the window and that its flags are no detections.
        var report = await TextAsync(server, "v1/reports?from=2026-11-27T11:00:00Z&to=2026-11-27T13:00:00Z");
        var judges = report[report.IndexOf("<h2>LLM judges against the humans</h2>", StringComparison.Ordinal)..];
        judges = judges[..judges.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"<td>judge.facts</td><td>hallucination</td><td class=\"n\">24</td><td class=\"n\">12</td><td class=\"n\">24</td><td class=\"n\">{alpha:0.000} ["), judges, StringComparison.Ordinal);
        Assert.Contains("<td>unreliable</td><td>no: agreement below the threshold</td>", judges, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>judge.facts</td><td>hallucination</td>", report[report.IndexOf("<h2>Precision", StringComparison.Ordinal)..report.IndexOf("<h2>LLM judges", StringComparison.Ordinal)], StringComparison.Ordinal);

        var alerts = server.Services.GetRequiredService<IAlertStore>();
        IReadOnlyList<Alert> open = [];
        await Wait.UntilAsync(async () => (open = await alerts.OpenAsync(CancellationToken.None)).Any(x => x.RuleId == "judge-drift"), 15, "judge-drift did not fire");
        var drift = Assert.Single(open, x => x.RuleId == "judge-drift");
        Assert.Equal("judge.facts", drift.Key);
        // It may fire while the labels are still coming in (from 20 co-rated items on), so its value is that evaluation's alpha.
        Assert.True(drift.Value < 0.667, drift.Message);
        Assert.Contains("Judge 'judge.facts' drifted from the humans on 'hallucination'", drift.Message, StringComparison.Ordinal);
    }

    private static async Task<string> TextAsync(SamplingAssayServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.KeyAsync(Role.Lead));
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonElement> GetAsync(SamplingAssayServer server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.KeyAsync(Role.Lead));
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
