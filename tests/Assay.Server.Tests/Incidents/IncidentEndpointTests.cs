using System.Net;
using System.Text.Json;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Incidents;

/// <summary><c>/v1/incidents</c> on a real server: a lead opens an incident over real traffic, reads its timeline and measured post-mortem, and closes it.</summary>
public sealed class IncidentEndpointTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private static StringContent Json(string json) => ReviewRequests.Json(json);

    /// <summary>A flagged interaction (an e-mail address leaks) and an unflagged one whose task the reviewers disagree on and a lead settles.</summary>
    private async Task<(string Project, string Flagged, string FlagRule, string Unflagged, long Task)> SeedAsync()
    {
        var project = ReviewAssayServer.Project();
        var flaggedTask = (await server.TasksAsync(project, 1, "You can reach the owner at owner@example.org.")).Single();
        var task = (await server.TasksAsync(project)).Single();
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        var flagged = (await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{flaggedTask}"))).GetProperty("interaction").GetProperty("id").GetString()!;
        var unflagged = (await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{task}"))).GetProperty("interaction").GetProperty("id").GetString()!;
        var rule = (await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/interactions/{flagged}"))).GetProperty("flags")[0].GetProperty("rule").GetString()!;
        using (var first = server.Client(await server.KeyAsync(Role.Reviewer, project, "rita")))
        using (var second = server.Client(await server.KeyAsync(Role.Reviewer, project, "sam")))
        {
            Assert.True((await first.PostLabelAsync(task, "hallucination")).IsSuccessStatusCode);
            Assert.True((await second.PostLabelAsync(task)).IsSuccessStatusCode);
        }

        Assert.True((await lead.AdjudicateAsync(task, "hallucination")).IsSuccessStatusCode);
        return (project, flagged, rule, unflagged, task);
    }

    [Fact]
    public async Task A_lead_opens_an_incident_whose_timeline_merges_its_links_facts_and_whose_post_mortem_measures_delay_and_what_slipped_past()
    {
        var (project, flagged, rule, unflagged, task) = await SeedAsync();
        var (token, keyId) = await server.KeyWithIdAsync(Role.Lead, project, "lena");
        using var lead = server.Client(token);

        var opened = await ReviewAssayServer.JsonAsync(await lead.PostAsync(ReviewRequests.Path("v1/incidents"), Json($$"""
            {"title": "Made-up answers reach users", "severity": "high", "what_happened": "Reviewers found a wrong answer no rule caught.",
             "links": ["task:{{task}}", "flag:{{flagged}}/{{rule}}"]}
            """)), HttpStatusCode.Created);

        Assert.Equal(project, opened.GetProperty("project").GetString());
        Assert.Equal(("high", "open"), (opened.GetProperty("severity").GetString(), opened.GetProperty("status").GetString()));
        Assert.Equal(keyId, opened.GetProperty("opened_by").GetProperty("key_id").GetString());
        var timeline = opened.GetProperty("timeline").EnumerateArray().ToList();
        var kinds = timeline.Select(e => e.GetProperty("kind").GetString()).ToList();
        foreach (var kind in new[] { "incident", "interaction", "flag", "task", "label", "adjudication" })
            Assert.Contains(kind, kinds);
        Assert.Equal(2, kinds.Count(k => k == "label"));
        var times = timeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "label" && e.GetProperty("actor").GetString() == "rita");
        Assert.Contains(timeline, e => e.GetProperty("kind").GetString() == "flag" && e.GetProperty("text").GetString()!.StartsWith(rule, StringComparison.Ordinal));

        var postMortem = opened.GetProperty("post_mortem");
        Assert.Equal(2, postMortem.GetProperty("interactions").GetInt32());
        Assert.Equal([unflagged], postMortem.GetProperty("unflagged_interactions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("earliest linked interaction", postMortem.GetProperty("delay_measured_from").GetString());
        // The seeded interactions are stamped five minutes before they were sent; the incident was detected when it was opened.
        var delay = postMortem.GetProperty("detection_delay_seconds").GetDouble();
        var expected = (opened.GetProperty("detected_at").GetDateTimeOffset() - timeline.First(e => e.GetProperty("kind").GetString() == "interaction").GetProperty("at").GetDateTimeOffset()).TotalSeconds;
        Assert.InRange(delay, 295, 600);
        Assert.Equal(expected, delay, 3);

        var id = opened.GetProperty("id").GetInt64();
        var resolved = await ReviewAssayServer.JsonAsync(await lead.PatchAsync(ReviewRequests.Path($"v1/incidents/{id}"), Json("""
            {"status": "resolved", "slipped_past": "One wrong answer, unflagged.", "note": "Added a rule.",
             "actions": [{"text": "Add a grounding check", "owner": "dana", "done": false}, {"text": "Roll back v2", "done": true}]}
            """)));
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, resolved.GetProperty("resolved_at").ValueKind);
        Assert.Equal(["Add a grounding check", "Roll back v2"], resolved.GetProperty("post_mortem").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
        Assert.Contains(resolved.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString() == "Added a rule.");

        var listed = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/incidents?status=resolved"));
        Assert.Contains(listed.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);
        var open = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/incidents?status=open"));
        Assert.DoesNotContain(open.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);

        var audit = await server.Services.GetRequiredService<IAuditStore>().QueryAsync(new AuditQuery(null, null, null, $"incident:{id}", null, 10), CancellationToken.None);
        Assert.Equal(["incident.opened", "incident.changed"], audit.Items.Select(e => e.Kind));
        Assert.All(audit.Items, e => Assert.Equal(keyId, e.Actor.KeyId));

        // The project's report lists the incident, its measured delay and its post-mortem.
        var window = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        using var report = await lead.GetAsync($"v1/reports?{window}&format=md");
        var markdown = await report.Content.ReadAsStringAsync();
        Assert.True(report.IsSuccessStatusCode, markdown);
        var section = markdown[markdown.IndexOf("## Incidents", StringComparison.Ordinal)..];
        Assert.Contains($"#{id}", section, StringComparison.Ordinal);
        Assert.Contains("Made-up answers reach users", section, StringComparison.Ordinal);
        Assert.Contains("What slipped past: One wrong answer, unflagged.", section, StringComparison.Ordinal);
        Assert.Contains("1 of 2 action(s) done", section, StringComparison.Ordinal);
        Assert.Contains($"{(int)(delay / 60)} min", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_projects_lead_neither_sees_nor_links_nor_opens_across_projects()
    {
        var (project, flagged, _, _, _) = await SeedAsync();
        var other = ReviewAssayServer.Project();
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        using var stranger = server.Client(await server.KeyAsync(Role.Lead, other));
        var id = (await ReviewAssayServer.JsonAsync(await lead.PostAsync(ReviewRequests.Path("v1/incidents"),
            Json($$"""{"title": "t", "severity": "low", "links": ["interaction:{{flagged}}"]}""")), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"v1/incidents/{id}"), 404);
        await ProblemAssert.IsProblemAsync(await stranger.PatchAsync(ReviewRequests.Path($"v1/incidents/{id}"), Json("""{"note": "x"}""")), 404);
        var list = await ReviewAssayServer.JsonAsync(await stranger.GetAsync("v1/incidents"));
        Assert.DoesNotContain(list.GetProperty("incidents").EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);
        // Linking P's interaction from Q is "not found", as reading it would be.
        await ProblemAssert.IsProblemAsync(await stranger.PostAsync(ReviewRequests.Path("v1/incidents"),
            Json($$"""{"title": "t", "severity": "low", "links": ["interaction:{{flagged}}"]}""")), 400, pointer: "/links/0");
        await ProblemAssert.IsProblemAsync(await stranger.PostAsync(ReviewRequests.Path("v1/incidents"),
            Json($$"""{"title": "t", "severity": "low", "project": "{{project}}"}""")), 403);
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"v1/incidents?project={project}"), 400, parameter: "project");
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync($"v1/incidents/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("""{"severity": "low"}""", "/title")]
    [InlineData("""{"title": "t", "severity": "sev1"}""", "/severity")]
    [InlineData("""{"title": "t", "severity": "low", "links": ["task:abc"]}""", "/links/0")]
    [InlineData("""{"title": "t", "severity": "low", "links": ["thing:1"]}""", "/links/0")]
    [InlineData("""{"title": "t", "severity": "low", "links": ["task:999999999"]}""", "/links/0")]
    [InlineData("""{"title": "t", "severity": "low", "started_at": "yesterday"}""", "/started_at")]
    [InlineData("""{"title": "t", "severity": "low", "colour": "red"}""", "/colour")]
    [InlineData("""{"title": "   ", "severity": "low"}""", "/title")]
    public async Task A_bad_opening_is_a_problem_naming_the_field_and_opens_nothing(string body, string pointer)
    {
        var project = ReviewAssayServer.Project();
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));

        await ProblemAssert.IsProblemAsync(await lead.PostAsync(ReviewRequests.Path("v1/incidents"), Json(body)), 400, pointer: pointer);

        var list = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/incidents"));
        Assert.Empty(list.GetProperty("incidents").EnumerateArray());
    }

    [Theory]
    [InlineData("{}", "")]
    [InlineData("""{"status": "closed"}""", "/status")]
    [InlineData("""{"actions": [{"owner": "x"}]}""", "/actions/0/text")]
    [InlineData("""{"actions": [{"text": "x", "done": "yes"}]}""", "/actions/0/done")]
    [InlineData("""{"links": "task:1"}""", "/links")]
    public async Task A_bad_change_is_a_problem_naming_the_field_and_changes_nothing(string body, string pointer)
    {
        var project = ReviewAssayServer.Project();
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        var opened = await ReviewAssayServer.JsonAsync(await lead.PostAsync(ReviewRequests.Path("v1/incidents"), Json("""{"title": "t", "severity": "low"}""")), HttpStatusCode.Created);
        var id = opened.GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(await lead.PatchAsync(ReviewRequests.Path($"v1/incidents/{id}"), Json(body)), 400, pointer: pointer);

        var after = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/incidents/{id}"));
        Assert.Equal(opened.GetProperty("timeline").GetRawText(), after.GetProperty("timeline").GetRawText());
        await ProblemAssert.IsProblemAsync(await lead.GetAsync("v1/incidents?status=closed"), 400, parameter: "status");
    }
}
