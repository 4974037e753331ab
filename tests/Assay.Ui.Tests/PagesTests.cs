using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Assay.Demo;
using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>The queue, agreement, metrics and dashboard pages as a new user meets them (issue 14): what they say, and how they look at two widths.</summary>
[Collection(SharedBrowser.Name)]
public sealed class PagesTests(BrowserFixture browser)
{
    private const int Tasks = 8;
    private const int Labelled = 6;

    [Fact]
    public async Task AgreementChart_withFewerCompleteItemsThanABucketNeeds_saysInsufficientWithTheCount()
    {
        await using var setup = await LabelledAsync();
        var page = await PageAsync(setup.Server, setup.Alice);

        await page.GotoAsync(new Uri(setup.Server.Address, "ui/dashboard?hours=168").ToString());

        // Alice is a reviewer: the two open tasks carry no labels for her, and the six complete ones count.
        var empty = page.Locator("#fig-agreement > svg text.empty");
        await Assertions.Expect(empty).ToContainTextAsync($"Insufficient: {Labelled} complete items with two or more labels in this range");
        await Assertions.Expect(page.Locator("#fig-agreement")).Not.ToContainTextAsync("No labels");
    }

    [Fact]
    public async Task ReviewTask_alreadyLabelled_isAnHtmlPageSayingWhy_andUnknownUiAddressesAreHtmlToo()
    {
        await using var setup = await LabelledAsync();
        var page = await PageAsync(setup.Server, setup.Alice);

        var labelled = await page.GotoAsync(new Uri(setup.Server.Address, $"ui/review/{setup.TaskIds[0]}").ToString());

        Assert.Equal(200, labelled!.Status);
        Assert.StartsWith("text/html", labelled.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Already labelled" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"You have already labelled task {setup.TaskIds[0]}");

        var open = await page.GotoAsync(new Uri(setup.Server.Address, $"ui/review/{setup.TaskIds[^1]}").ToString());
        Assert.Equal(200, open!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your label" })).ToBeVisibleAsync();

        var missing = await page.GotoAsync(new Uri(setup.Server.Address, "ui/no-such-page").ToString());
        Assert.Equal(404, missing!.Status);
        Assert.StartsWith("text/html", missing.Headers["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AgreementAndMetricsPages_sayEachReasonOnce_inIntervalNotation_andNameTheReviewCounts()
    {
        await using var setup = await LabelledAsync();
        var page = await PageAsync(setup.Server, setup.Alice);

        await page.GotoAsync(new Uri(setup.Server.Address, "ui/agreement").ToString());
        var agreement = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("insufficient data insufficient data", agreement, StringComparison.Ordinal);
        // Alice ticks a failure on every item and Bob on none: alpha is negative, written [−a, b] with a true minus.
        Assert.Matches(@"−\d\.\d{3} \[−\d\.\d{3}, −?\d\.\d{3}\]", agreement);
        Assert.DoesNotContain("-0.", agreement, StringComparison.Ordinal);
        // Whole answers: the category sets by MASI, Jaccard and exact match, and severity, each an alpha with its interval.
        await Assertions.Expect(page.Locator("#whole-answers tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#whole-answers tbody tr").First).ToContainTextAsync("MASI");
        Assert.Matches(@"−?\d\.\d{3} \[−?\d\.\d{3}, −?\d\.\d{3}\]", await page.Locator("#whole-answers tbody tr").First.InnerTextAsync());

        await page.GotoAsync(new Uri(setup.Server.Address, "ui/metrics").ToString());
        var counts = page.Locator("#review-counts");
        await Assertions.Expect(counts).ToContainTextAsync($"{Tasks} routed to review");
        await Assertions.Expect(counts).ToContainTextAsync($"{Labelled} with all their labels");
        await Assertions.Expect(counts).ToContainTextAsync("0 decided");
        await Assertions.Expect(counts).ToContainTextAsync($"{Tasks} pending");
        var metrics = await page.Locator("main").InnerTextAsync();
        Assert.Equal(1, Occurrences(metrics, $"only {Labelled} items have two or more labels"));
        Assert.DoesNotContain("insufficient data insufficient data", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_namesTheAgeItMeans_andShowsTheOldestWaitingTaskAndEachTiersBacklog()
    {
        await using var setup = await LabelledAsync();
        var page = await PageAsync(setup.Server, setup.Alice);

        await Assertions.Expect(page.Locator("#oldest-waiting")).ToContainTextAsync("Oldest waiting: task");
        var critical = page.Locator("#backlog tbody tr", new() { HasText = "critical" });
        // Two critical tasks wait; they were routed a moment ago for interactions of 26 hours ago.
        await Assertions.Expect(critical.Locator("td").Nth(0)).ToHaveTextAsync("2");
        await Assertions.Expect(critical.Locator("td").Nth(1)).ToHaveTextAsync("under 1 min");
        await Assertions.Expect(critical.Locator("td").Nth(2)).ToHaveTextAsync("1 d 2 h");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Task age counts from when an interaction was routed to review");
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(1920, 1080)]
    public async Task Pages_atTwoWidths_fillTheColumnWithTheirCharts_andAreSavedAsScreenshots(int width, int height)
    {
        await using var server = await UiServer.StartAsync();
        var lead = await DashboardTests.KeyAsync(server, "carol", Role.Lead);
        var now = DateTimeOffset.UtcNow;
        var lastId = await DashboardTests.IngestDemoAsync(server, new DemoTraffic(11, now.AddMinutes(-50), gap: TimeSpan.FromSeconds(5)), 600);
        await DashboardTests.WaitUntilProcessedAsync(server, lastId);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await DashboardTests.SignInAsync(page, server, lead);

        foreach (var (name, path) in new[] { ("queue", "ui/"), ("metrics", "ui/metrics"), ("agreement", "ui/agreement"), ("dashboard", "ui/dashboard?hours=1") })
        {
            await page.GotoAsync(new Uri(server.Address, path).ToString());
            await DashboardTests.SaveScreenshotAsync(page, $"{name}-{width}.png");
        }

        // The page column is 72rem (1,152 px) less its padding; a chart fills it rather than keeping a fixed 720 px.
        var main = (await page.Locator("main").BoundingBoxAsync())!;
        var chart = (await page.Locator("#fig-flag-rate > svg").BoundingBoxAsync())!;
        Assert.True(chart.Width >= main.Width - 40, $"the chart is {chart.Width} px wide in a {main.Width} px column");
    }

    [Fact]
    public async Task Metrics_withAJudgeRule_showTheJudgeBesideRulePrecision_asARaterWithItsAgreement()
    {
        await using var server = await UiServer.StartAsync(options =>
        {
            // A judge rule and no judge endpoint: nothing is judged, so the judge is listed with too few co-rated items.
            var yaml = File.ReadAllText(options.PolicyPath!);
            Assert.Contains("\nrules:\n", yaml, StringComparison.Ordinal);
            File.WriteAllText(options.PolicyPath!, yaml.Replace("\nrules:\n",
                "\nrules:\n  - id: judge.facts\n    category: hallucination\n    kind: judge\n    share: 1\n    prompt: |\n      {{response}}\n", StringComparison.Ordinal));
            return options;
        });
        var lead = await DashboardTests.KeyAsync(server, "carol", Role.Lead);
        var page = await PageAsync(server, lead);

        await page.GotoAsync(new Uri(server.Address, "ui/metrics").ToString());

        var rows = page.Locator("#judges tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("th")).ToHaveTextAsync("judge.facts");
        await Assertions.Expect(rows.First).ToContainTextAsync("hallucination");
        await Assertions.Expect(rows.First).ToContainTextAsync("insufficient data");
        await Assertions.Expect(page.Locator("#judges caption")).ToContainTextAsync("LLM judges against the humans");
    }

    private async Task<IPage> PageAsync(UiServer server, string key)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardTests.SignInAsync(page, server, key);
        return page;
    }

    /// <summary>Eight critical interactions of 26 hours ago routed to review; Alice and Bob label six of them, always disagreeing.</summary>
    private static async Task<Setup> LabelledAsync()
    {
        var server = await UiServer.StartAsync();
        var alice = await server.CreateKeyAsync("alice", Role.Reviewer);
        var bob = await server.CreateKeyAsync("bob", Role.Reviewer);
        var lead = await server.CreateKeyAsync("carol", Role.Lead);
        var at = DateTimeOffset.UtcNow.AddHours(-26).AddMinutes(-5);
        for (var i = 0; i < Tasks; i++)
        {
            var interaction = Some.Critical($"old-{i}", "A plain answer.");
            interaction["timestamp"] = at.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            await server.IngestAsync(interaction);
        }

        await server.WaitForOpenTasksAsync(lead, Tasks);
        var ids = new List<long>();
        for (var i = 0; i < Tasks; i++)
        {
            using var next = new HttpRequestMessage(HttpMethod.Get, "v1/review/next");
            next.Headers.Authorization = new AuthenticationHeaderValue("Bearer", i < Labelled ? alice : lead);
            using var answer = await server.Http.SendAsync(next);
            var task = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["task_id"]!.GetValue<long>();
            if (i >= Labelled)
            {
                ids.Add(task);
                break;
            }

            ids.Add(task);
            await DashboardTests.PostLabelAsync(server, alice, task, "hallucination");
            await DashboardTests.PostLabelAsync(server, bob, task, null);
        }

        return new Setup(server, alice, [.. ids]);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private sealed record Setup(UiServer Server, string Alice, long[] TaskIds) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
