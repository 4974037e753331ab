using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Assay.Review;

namespace Assay.Server.Tests.Operations;

/// <summary><c>GET /metrics</c> on real Kestrel: Prometheus text with ingest counters, the pipeline queue and the review backlog.</summary>
public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_count_accepted_and_refused_ingest_and_show_the_review_backlog()
    {
        using var database = new TempDatabase();
        await using var node = await Node.StartAsync(database.Path);
        using var ingest = Node.Client(node, await Node.KeyAsync(node, Role.Ingest));
        using var admin = Node.Client(node, await Node.KeyAsync(node, Role.Admin));
        const int count = 7;
        for (var i = 0; i < count; i++)
        {
            var interaction = Some.Interaction(Some.Id("m"), response: "Write to jane.doe@example.com for that.");
            interaction["metadata"]!["risk"] = "high";
            using var accepted = await ingest.PostAsJsonAsync(new Uri("v1/interactions", UriKind.Relative), interaction);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var bad = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), new StringContent("{", null, "application/json"));
        await WaitForBacklogAsync(admin);
        var text = await ScrapeAsync(admin);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(count, Value(text, "assay_ingest_interactions_total", "outcome=\"accepted\""));
        Assert.Equal(1, Value(text, "assay_ingest_refused_total", "reason=\"invalid-body\""));
        Assert.True(Value(text, "assay_review_backlog", "tier=\"") >= 1, text);
        Assert.Equal(0, Value(text, "assay_pipeline_waiting", null));
        Assert.DoesNotContain("jane.doe", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_node_counts_only_its_own_ingest_when_two_share_a_process()
    {
        using var firstDatabase = new TempDatabase();
        using var secondDatabase = new TempDatabase();
        await using var first = await Node.StartAsync(firstDatabase.Path);
        await using var second = await Node.StartAsync(secondDatabase.Path);
        using var ingest = Node.Client(first, await Node.KeyAsync(first, Role.Ingest));
        using var firstAdmin = Node.Client(first, await Node.KeyAsync(first, Role.Admin));
        using var secondAdmin = Node.Client(second, await Node.KeyAsync(second, Role.Admin));
        const int count = 3;
        for (var i = 0; i < count; i++)
        {
            using var accepted = await ingest.PostAsJsonAsync(new Uri("v1/interactions", UriKind.Relative), Some.Interaction(Some.Id("own")));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var firstText = await ScrapeAsync(firstAdmin);
        var secondText = await ScrapeAsync(secondAdmin);

        Assert.Equal(count, Value(firstText, "assay_ingest_interactions_total", "outcome=\"accepted\""));
        Assert.True(Value(secondText, "assay_ingest_interactions_total", "outcome=\"accepted\"") <= 0, secondText);
    }

    [Fact]
    public async Task Metrics_need_an_admin_key_for_every_project_unless_public()
    {
        using var database = new TempDatabase();
        await using var node = await Node.StartAsync(database.Path);
        using var anonymous = Node.Client(node, null);
        using var lead = Node.Client(node, await Node.KeyAsync(node, Role.Lead));
        using var otherDatabase = new TempDatabase();
        await using var open = await Node.StartAsync(otherDatabase.Path, metricsPublic: true);
        using var openAnonymous = Node.Client(open, null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync(new Uri("metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await openAnonymous.GetAsync(new Uri("metrics", UriKind.Relative))).StatusCode);
    }

    private static async Task<string> ScrapeAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Scrapes until the pipeline has routed the interactions to review; the gauges are cached for five seconds.</summary>
    private static async Task WaitForBacklogAsync(HttpClient admin)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var text = await ScrapeAsync(admin);
            if (Value(text, "assay_review_backlog", "tier=\"") >= 1 && Value(text, "assay_pipeline_waiting", null) == 0)
                return;
            await Task.Delay(500);
        }

        throw new TimeoutException("the backlog gauge did not show the routed interactions within 15 seconds");
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/> (any when null); -1 when none.</summary>
    private static double Value(string text, string name, string? label)
    {
        var samples = Sample().Matches(text).Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))).ToList();
        return samples.Count == 0 ? -1 : samples.Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>[-0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
