using System.Text.Json;
using Assay.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Review;

/// <summary>Agreement and assurance metrics computed from labels given through the API, with reliability marks.</summary>
public sealed class AgreementEndpointTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private const int Items = 24;

    [Fact]
    public async Task Agreement_after_labels_marks_the_category_reviewers_disagree_on_unreliable()
    {
        var (project, token) = await LabelledProjectAsync();
        using var reviewer = server.Client(token);

        var report = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/review/agreement"));

        Assert.Equal(Items, report.GetProperty("items").GetInt32());
        Assert.Equal(2, report.GetProperty("reviewers").GetInt32());
        Assert.Equal(0.667, report.GetProperty("threshold").GetDouble(), 3);
        var categories = report.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("category").GetString()!);
        var hallucination = categories["hallucination"];
        Assert.Equal("unreliable", hallucination.GetProperty("reliability").GetProperty("status").GetString());
        Assert.Contains("below the threshold", hallucination.GetProperty("reliability").GetProperty("reason").GetString(), StringComparison.Ordinal);
        AssertEstimate(hallucination.GetProperty("alpha"));
        Assert.True(hallucination.GetProperty("alpha").GetProperty("value").GetDouble() < 0.667);
        AssertEstimate(hallucination.GetProperty("ac1"));
        var pii = categories["pii-leak"];
        Assert.Equal("reliable", pii.GetProperty("reliability").GetProperty("status").GetString());
        Assert.Equal(1.0, pii.GetProperty("alpha").GetProperty("value").GetDouble(), 9);
        AssertEstimate(report.GetProperty("overall").GetProperty("alpha"));
        var pair = Assert.Single(report.GetProperty("pairs").EnumerateArray());
        Assert.Equal(Items, pair.GetProperty("items").GetInt32());
        Assert.Equal([$"ana-{project}", $"ben-{project}"], new[] { pair.GetProperty("reviewer_a").GetString(), pair.GetProperty("reviewer_b").GetString() }.Order());
    }

    [Fact]
    public async Task Agreement_and_metrics_without_labels_write_null_with_a_warning_never_NaN()
    {
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, ReviewAssayServer.Project()));

        using var agreement = await reviewer.GetAsync(new Uri("v1/review/agreement", UriKind.Relative));
        using var metrics = await reviewer.GetAsync(new Uri("v1/review/metrics", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, agreement.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        var agreementBody = await agreement.Content.ReadAsStringAsync();
        Assert.Contains("$.overall.alpha.value", UndefinedNumbers.AssertNullWithWarning(agreementBody));
        using var document = JsonDocument.Parse(agreementBody);
        var alpha = document.RootElement.GetProperty("overall").GetProperty("alpha");
        Assert.Equal("no item has two labels", alpha.GetProperty("warning").GetString());
        Assert.Contains("$.overall_recall.recall.value", UndefinedNumbers.AssertNullWithWarning(await metrics.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Metrics_after_labels_carry_estimates_and_reliability_marks()
    {
        var (_, token) = await LabelledProjectAsync();
        using var reviewer = server.Client(token);

        var report = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/review/metrics"));

        Assert.Equal(Items, report.GetProperty("reviewed").GetInt32());
        // Disagreements on hallucination (8 items) wait for a lead and are left out.
        Assert.Equal(Items - 8, report.GetProperty("decided").GetInt32());
        Assert.Equal(8, report.GetProperty("pending").GetInt32());
        Assert.Equal(Items, report.GetProperty("population").GetInt64());
        var prevalence = report.GetProperty("prevalence").EnumerateArray().ToDictionary(c => c.GetProperty("category").GetString()!);
        Assert.Equal("unreliable", prevalence["hallucination"].GetProperty("reliability").GetProperty("status").GetString());
        Assert.Equal("reliable", prevalence["pii-leak"].GetProperty("reliability").GetProperty("status").GetString());
        AssertEstimate(prevalence["pii-leak"].GetProperty("prevalence"));
        Assert.Equal("unreliable", report.GetProperty("agreement").GetProperty("overall").GetProperty("reliability").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, report.GetProperty("precision").ValueKind);
        Assert.Equal(JsonValueKind.Array, report.GetProperty("recall").ValueKind);
        Assert.Equal(JsonValueKind.Object, report.GetProperty("overall_recall").ValueKind);
    }

    [Fact]
    public async Task Metrics_for_a_policy_version_count_only_items_routed_by_it()
    {
        var (_, token) = await LabelledProjectAsync();
        using var reviewer = server.Client(token);
        var version = Assay.Policy.StarterPolicy.Load().Hash;

        var same = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync($"v1/review/metrics?version={version[..12]}"));
        var other = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/review/metrics?version=0000000000"));

        Assert.Equal(Items, same.GetProperty("reviewed").GetInt32());
        Assert.Equal(0, other.GetProperty("reviewed").GetInt32());
        Assert.Equal(0, other.GetProperty("population").GetInt64());
    }

    [Fact]
    public async Task Agreement_with_a_bad_window_is_bad_request()
    {
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, ReviewAssayServer.Project()));

        await ProblemAssert.IsProblemAsync(await reviewer.GetAsync("v1/review/agreement?from=yesterday"), 400, parameter: "from");
    }

    /// <summary>
    /// A project of <see cref="Items"/> tasks labelled by ana and ben: they agree on pii-leak (items 0–7) and on "no failure"
    /// (20–23), but tick hallucination on overlapping ranges (ana 8–15, ben 12–19).
    /// </summary>
    [Fact]
    public async Task ReviewedItems_carry_the_labels_their_task_asks_for()
    {
        var (project, _) = await LabelledProjectAsync();
        var store = new Assay.Storage.Sqlite.SqliteReviewStore(
            server.Services.GetRequiredService<Assay.Storage.Sqlite.SqliteDatabase>(), TimeProvider.System);

        var items = await store.ReviewedItemsAsync(project, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow, null, CancellationToken.None);

        Assert.Equal(Items, items.Count);
        // TasksAsync picks ids outside the calibration draw: every task asks for the policy's two labels.
        Assert.All(items, i => Assert.Equal(2, i.RequiredLabels));
    }

    private async Task<(string Project, string ReviewerToken)> LabelledProjectAsync()
    {
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, Items);
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project, $"ana-{project}"));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project, $"ben-{project}"));
        for (var i = 0; i < Items; i++)
        {
            string[] byAna = i < 8 ? ["pii-leak"] : i < 16 ? ["hallucination"] : [];
            string[] byBen = i < 8 ? ["pii-leak"] : i is >= 12 and < 20 ? ["hallucination"] : [];
            (await ana.PostLabelAsync(tasks[i], byAna)).EnsureSuccessStatusCode();
            (await ben.PostLabelAsync(tasks[i], byBen)).EnsureSuccessStatusCode();
        }

        return (project, await server.KeyAsync(Role.Reviewer, project));
    }

    private static void AssertEstimate(JsonElement estimate)
    {
        var (value, low, high) = (estimate.GetProperty("value").GetDouble(), estimate.GetProperty("low").GetDouble(), estimate.GetProperty("high").GetDouble());
        // A bootstrap interval need not contain the point estimate; it must be an interval.
        Assert.True(low <= high && !double.IsNaN(value), estimate.ToString());
        Assert.True(estimate.GetProperty("sample_size").GetInt32() > 0, estimate.ToString());
    }
}
