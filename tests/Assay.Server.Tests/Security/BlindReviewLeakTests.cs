using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Assay.Review;
using Assay.Server.Dashboard;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>
/// A reviewer learns nothing of another reviewer's label on an open task through any route; half-labelled tasks are
/// pending in every metric.
/// </summary>
public sealed partial class BlindReviewLeakTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private const string Secret = "secret-note-of-the-first-reviewer";

    [Fact]
    public async Task Metrics_over_a_one_second_window_holding_only_a_half_labelled_task_count_it_pending_for_everyone()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var first = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var second = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        var at = (await ReviewAssayServer.JsonAsync(await second.GetAsync($"v1/review/tasks/{task}"))).GetProperty("interaction").GetProperty("timestamp").GetDateTimeOffset();
        (await first.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();
        var window = $"from={Uri.EscapeDataString($"{at:yyyy-MM-ddTHH:mm:ss}Z")}&to={Uri.EscapeDataString($"{at.AddSeconds(1):yyyy-MM-ddTHH:mm:ss}Z")}";

        foreach (var client in new[] { second, lead })
        {
            var metrics = await ReviewAssayServer.JsonAsync(await client.GetAsync($"v1/review/metrics?{window}"));
            var agreement = await ReviewAssayServer.JsonAsync(await client.GetAsync($"v1/review/agreement?{window}"));

            Assert.Equal(1, metrics.GetProperty("reviewed").GetInt32());
            Assert.Equal(1, metrics.GetProperty("pending").GetInt32());
            Assert.Equal(0, metrics.GetProperty("decided").GetInt32());
            Assert.DoesNotContain("hallucination\",\"positives\":1", metrics.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, agreement.GetProperty("items").GetInt32());
        }
    }

    [Fact]
    public async Task Every_get_route_and_ui_page_answers_a_reviewer_the_same_before_and_after_another_labels_an_open_task()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        var (firstToken, _) = await server.KeyWithIdAsync(Role.Reviewer, project, $"first-{project}");
        var (secondToken, _) = await server.KeyWithIdAsync(Role.Reviewer, project, $"second-{project}");
        using var first = server.Client(firstToken);
        using var second = server.Client(secondToken);
        var view = await ReviewAssayServer.JsonAsync(await second.GetAsync($"v1/review/tasks/{task}"));
        var interactionId = view.GetProperty("interaction").GetProperty("id").GetString()!;
        var at = view.GetProperty("interaction").GetProperty("timestamp").GetDateTimeOffset();
        var window = $"from={Uri.EscapeDataString($"{at:yyyy-MM-ddTHH:mm:ss}Z")}&to={Uri.EscapeDataString($"{at.AddSeconds(1):yyyy-MM-ddTHH:mm:ss}Z")}";
        var routes = await GetRoutesAsync(second, task, interactionId, window);
        using var browser = await UiSignIn.SignInAsync(server.Address, secondToken);
        string[] pages = ["/ui/", "/ui/review", $"/ui/review/{task}", "/ui/agreement", "/ui/metrics", "/ui/dashboard", "/ui/dashboard/export"];
        Assert.True(routes.Count >= 15, $"only {routes.Count} GET routes found: {string.Join(", ", routes)}");

        var before = await SnapshotAsync(second, browser, routes, pages);
        using (var label = await first.PostAsync(ReviewRequests.Path($"v1/review/tasks/{task}/labels"),
            ReviewRequests.Json($$"""{"categories": ["deception"], "severity": "critical", "note": "{{Secret}}"}""")))
            Assert.Equal(HttpStatusCode.OK, label.StatusCode);
        var after = await SnapshotAsync(second, browser, routes, pages);

        foreach (var (route, answer) in after)
        {
            Assert.DoesNotContain(Secret, answer, StringComparison.Ordinal);
            Assert.DoesNotContain($"first-{project}", answer, StringComparison.Ordinal);
            Assert.True(before[route] == answer, $"{route} changed after another reviewer labelled the open task:\nbefore: {before[route]}\nafter:  {answer}");
        }
    }

    [Fact]
    public async Task Revise_without_a_label_is_conflict_saying_there_is_nothing_to_revise()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));

        var problem = await ProblemAssert.IsProblemAsync(await reviewer.ReviseLabelAsync(task, "hallucination"), 409);

        Assert.Contains("nothing to revise", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("nothing-to-revise", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_who_labels_learns_the_outcome_and_a_reviewer_sees_a_disputed_task_only_as_closed()
    {
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, 2);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        using var other = server.Client(await server.KeyAsync(Role.Reviewer, project));
        (await reviewer.PostLabelAsync(tasks[0], "hallucination")).EnsureSuccessStatusCode();
        (await reviewer.PostLabelAsync(tasks[1], "hallucination")).EnsureSuccessStatusCode();

        var disagreed = await ReviewAssayServer.JsonAsync(await lead.PostLabelAsync(tasks[0], "deception"));
        var agreed = await ReviewAssayServer.JsonAsync(await lead.PostLabelAsync(tasks[1], "hallucination"));
        var seen = await ReviewAssayServer.JsonAsync(await other.GetAsync($"v1/review/tasks/{tasks[0]}"));
        var seenByLead = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{tasks[0]}"));

        Assert.Equal("sent-to-adjudication", disagreed.GetProperty("outcome").GetString());
        Assert.Equal("agreed", agreed.GetProperty("outcome").GetString());
        Assert.Equal("closed", seen.GetProperty("status").GetString());
        Assert.Equal("adjudication", seenByLead.GetProperty("status").GetString());
    }

    /// <summary>Every GET operation of the served OpenAPI document, its parameters filled with the open task's ids, plus the window variants.</summary>
    private async Task<List<string>> GetRoutesAsync(HttpClient client, long task, string interactionId, string window)
    {
        var document = await ReviewAssayServer.JsonAsync(await client.GetAsync("openapi/v1.json"));
        var routes = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out _))
                continue;
            var filled = path.Name.Replace("{taskId}", task.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{id}", Uri.EscapeDataString(interactionId), StringComparison.Ordinal)
                .Replace("{hash}", Assay.Policy.StarterPolicy.Load().Hash, StringComparison.Ordinal)
                .Replace("{incidentId}", "1", StringComparison.Ordinal);
            var expanded = filled.Contains("{chart}", StringComparison.Ordinal)
                ? DashboardCharts.All.Select(c => filled.Replace("{chart}", c, StringComparison.Ordinal))
                : [filled];
            foreach (var route in expanded)
            {
                Assert.DoesNotContain("{", route, StringComparison.Ordinal);
                routes.Add(route);
                routes.Add($"{route}?{window}");
            }
        }

        return routes;
    }

    private static async Task<Dictionary<string, string>> SnapshotAsync(HttpClient api, HttpClient browser, List<string> routes, string[] pages)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in routes)
            answers[route] = await ReadAsync(api, route);
        foreach (var page in pages)
            answers["ui " + page] = await ReadAsync(browser, page);
        return answers;
    }

    private static async Task<string> ReadAsync(HttpClient client, string route)
    {
        using var response = await client.GetAsync(new Uri(route.TrimStart('/'), UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        // Antiforgery tokens, CSP nonces and trace ids differ on every answer by design. Charts end at "now", so their
        // geometry and the times they print move between two reads, as do the UI pages' "from … to now" windows; what they
        // say (titles, counts, values) must not.
        body = Volatile().Replace(body, "~");
        return $"{(int)response.StatusCode} {body}";
    }

    [GeneratedRegex("""name="__csrf" value="[^"]*"|CfDJ8[A-Za-z0-9_-]+|"trace_id":"[^"]*"|nonce="[^"]*"|(?<= (?:x|y|x1|x2|y1|y2|cx|cy|d|width|transform)=")[^"]*(?=")|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}Z)?""")]
    private static partial Regex Volatile();
}
