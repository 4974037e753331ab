using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Demo;
using Assay.Json;
using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>The acceptance test of the dashboard: demo traffic and labels in, every chart drawn in a real browser under the CSP, report exported.</summary>
[Collection(SharedBrowser.Name)]
public sealed class DashboardTests(BrowserFixture browser)
{
    private static readonly string[] s_charts = ["volume", "flag-rate", "self-agreement", "drift", "review-coverage", "agreement"];

    [Fact]
    public async Task Dashboard_withDemoTrafficAndLabels_drawsEveryChartWithoutConsoleErrorsAndExportsSvg()
    {
        await using var server = await UiServer.StartAsync();
        var lead = await KeyAsync(server, "carol", Role.Lead);
        // Two whole minutes of demo traffic (1,200 interactions) in the last complete 5-minute bucket: drift compares a
        // minute with the one before (50 each at least), and the agreement bucket holds every labelled task.
        var now = DateTimeOffset.UtcNow;
        var bucket = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero).AddMinutes(-5);
        var lastId = await IngestDemoAsync(server, new DemoTraffic(7, bucket), 1200);
        await WaitUntilProcessedAsync(server, lastId);
        await LabelAsync(server, await KeyAsync(server, "alice", Role.Reviewer), await KeyAsync(server, "bob", Role.Reviewer), 24);

        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                console.Add($"{message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => console.Add("page error: " + error);
        await SignInAsync(page, server, lead);

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Monitoring dashboard" })).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(server.Address, "ui/dashboard?hours=1").ToString());

        Assert.Equal("Dashboard · Assay", await page.TitleAsync());
        foreach (var chart in s_charts)
        {
            var svg = page.Locator($"#fig-{chart} > svg");
            await Assertions.Expect(svg).ToBeVisibleAsync();
            var box = await svg.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 }, $"{chart}: {box?.Width} × {box?.Height}");
            Assert.True(await svg.Locator("path.series").CountAsync() >= 1, $"{chart} has no data path");
        }

        Assert.Equal(0, await page.Locator("img").CountAsync());
        await Assertions.Expect(page.Locator("#firing")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#alert-events")).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "dashboard-review.png");
        Assert.Empty(console);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.EndsWith("-1h.html", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(s_charts.Length, CountOf(exported, "<svg "));
        Assert.DoesNotContain("<script", exported, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(" href=", exported, StringComparison.Ordinal);
        Assert.Contains("Assay monitoring report", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_withTheDemoHistory_showsTheShiftedVersionAlertOnItsChartAndSavesTheScreenshot()
    {
        // The demo's own history (assay demo): 10,000 interactions over 26 hours, and in the last hour version
        // 2026-11-15 starts inventing claims. The monitors run every second here, as every 5 s in the demo.
        await using var server = await UiServer.StartAsync(options => options with { MonitorInterval = TimeSpan.FromSeconds(1) });
        var lead = await KeyAsync(server, "carol", Role.Lead);
        var (traffic, shift) = DemoTraffic.History(1, 10_000, DateTimeOffset.UtcNow);
        var lastId = "";
        for (var sent = 0; sent < 10_000; sent += 2_000)
            lastId = await IngestDemoAsync(server, traffic, 2_000);
        await WaitUntilProcessedAsync(server, lastId);
        await WaitForAlertAsync(server, "self-agreement-drop", $"atlas@{shift.Version}");

        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                console.Add($"{message.Type}: {message.Text}");
        };
        await SignInAsync(page, server, lead);
        await page.GotoAsync(new Uri(server.Address, "ui/dashboard?hours=24").ToString());

        var firing = page.Locator("#firing tbody tr", new() { HasText = "self-agreement-drop" });
        await Assertions.Expect(firing).ToContainTextAsync($"atlas@{shift.Version}");
        var selfAgreement = page.Locator("#fig-self-agreement > svg");
        await Assertions.Expect(selfAgreement).ToBeVisibleAsync();
        // One line per model version, and the alert marked on the chart it concerns.
        Assert.Equal(2, await selfAgreement.Locator("path.series").CountAsync());
        Assert.True(await selfAgreement.Locator(".marker").CountAsync() >= 1, "no alert marker on the self-agreement chart");
        foreach (var chart in s_charts[..4])
            Assert.True(await page.Locator($"#fig-{chart} > svg path.series").CountAsync() >= 1, $"{chart} has no data path");
        await SaveScreenshotAsync(page, "dashboard.png");
        Assert.Empty(console);
    }

    [Fact]
    public async Task Dashboard_withHoursNotOffered_showsTheErrorWith400()
    {
        await using var server = await UiServer.StartAsync();
        var alice = await KeyAsync(server, "alice", Role.Reviewer);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, server, alice);

        var response = await page.GotoAsync(new Uri(server.Address, "ui/dashboard?hours=5").ToString());

        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'hours' must be one of 1, 6, 24 or 168");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "last 6 hours" })).ToBeVisibleAsync();
    }

    /// <summary>A key for every project: the demo generator spreads its traffic over three.</summary>
    internal static async Task<string> KeyAsync(UiServer server, string name, Role role)
    {
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await server.Store.CreateKeyAsync(new ApiKey(keyId, name, role, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        return token;
    }

    /// <summary>Posts <paramref name="count"/> interactions as one NDJSON body; returns the last one's id.</summary>
    internal static async Task<string> IngestDemoAsync(UiServer server, DemoTraffic traffic, int count)
    {
        var body = new StringBuilder();
        var id = "";
        for (var i = 0; i < count; i++)
        {
            var interaction = traffic.Next();
            id = interaction.Id;
            body.Append(JsonSerializer.Serialize(interaction, AssayJsonContext.Default.Interaction)).Append('\n');
        }

        using var content = new StringContent(body.ToString(), new MediaTypeHeaderValue("application/x-ndjson"));
        using var response = await server.Http.PostAsync("v1/interactions", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>Waits, bounded, until the pipeline has processed the last interaction sent (it works in sequence order).</summary>
    internal static async Task WaitUntilProcessedAsync(UiServer server, string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var view = JsonNode.Parse(await server.Http.GetStringAsync($"v1/interactions/{id}"))!;
            if (view["processing"]!["state"]!.GetValue<string>() == "done")
                return;
            await Task.Delay(100);
        }

        Assert.Fail($"interaction {id} was not processed within 30 s");
    }

    /// <summary>Two reviewers label <paramref name="tasks"/> tasks, mostly alike, so that agreement has enough items.</summary>
    private static async Task LabelAsync(UiServer server, string alice, string bob, int tasks)
    {
        for (var i = 0; i < tasks; i++)
        {
            using var next = new HttpRequestMessage(HttpMethod.Get, "v1/review/next");
            next.Headers.Authorization = new("Bearer", alice);
            using var answer = await server.Http.SendAsync(next);
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            var task = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["task_id"]!.GetValue<long>();
            // Both tick hallucination on every third task, only Alice on a few others, neither on the rest.
            await PostLabelAsync(server, alice, task, i % 3 == 0 || i % 8 == 1 ? "hallucination" : null);
            await PostLabelAsync(server, bob, task, i % 3 == 0 ? "hallucination" : null);
        }
    }

    internal static async Task PostLabelAsync(UiServer server, string key, long task, string? category)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/review/tasks/{task}/labels")
        {
            Content = new StringContent(category is null ? """{"no_failure": true}""" : $$"""{"categories": ["{{category}}"]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits, bounded, until the monitors have raised <paramref name="rule"/> for <paramref name="key"/>.</summary>
    private static async Task WaitForAlertAsync(UiServer server, string rule, string key)
    {
        for (var i = 0; i < 120; i++)
        {
            var events = JsonNode.Parse(await server.Http.GetStringAsync("v1/alerts?limit=1000"))!["alerts"]!.AsArray();
            if (events.Any(e => e!["alert"]!["rule_id"]!.GetValue<string>() == rule && e["alert"]!["key"]!.GetValue<string>() == key))
                return;
            await Task.Delay(500);
        }

        Assert.Fail($"no {rule} alert for {key} within 60 s");
    }

    internal static async Task SignInAsync(IPage page, UiServer server, string key)
    {
        await page.GotoAsync(new Uri(server.Address, "ui/").ToString());
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review queue" })).ToBeVisibleAsync();
    }

    internal static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var directory = Environment.GetEnvironmentVariable("ASSAY_ARTIFACTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0, $"the screenshot {path} is empty");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
