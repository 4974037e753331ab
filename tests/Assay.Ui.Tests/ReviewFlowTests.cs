using System.Text.Json.Nodes;
using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>The acceptance test of the web UI: two blind reviewers disagree, a lead decides, and model output stays inert.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ReviewFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task ReviewAndAdjudicate_twoReviewersDisagree_leadDecisionStoredAndPayloadInert()
    {
        await using var server = await UiServer.StartAsync();
        var alice = await server.CreateKeyAsync("alice", Role.Reviewer);
        var bob = await server.CreateKeyAsync("bob", Role.Reviewer);
        var carol = await server.CreateKeyAsync("carol", Role.Lead);
        var xssResponse = $"Here is the markup you asked for: {Some.ScriptPayload} and {Some.ImagePayload} — both shown literally.";
        await server.IngestAsync(Some.Critical("ui-xss", xssResponse));
        await server.IngestAsync(Some.Interaction("ui-benign-1", "Paris is the capital of France."));
        await server.IngestAsync(Some.Interaction("ui-benign-2", "Water boils at 100 °C at sea level."));
        await server.WaitForOpenTasksAsync(carol, 1);

        // Alice: review page, "3" (the third category) then Enter.
        var (aliceContext, alicePage, events) = await SignInAsync(server, alice);
        var navigation = await alicePage.GotoAsync(new Uri(server.Address, "ui/review").ToString());
        Assert.Contains("default-src 'none'", navigation!.Headers["content-security-policy"], StringComparison.Ordinal);
        var taskId = await TaskIdAsync(alicePage, "/ui/review/");
        var response = alicePage.Locator("#response");
        Assert.Contains(Some.ScriptPayload, await response.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains(Some.ImagePayload, await response.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await response.Locator("img").CountAsync());
        Assert.Equal(0, await response.Locator("script").CountAsync());
        Assert.Equal(0, await alicePage.Locator("img").CountAsync());
        Assert.Equal("Review · Assay", await alicePage.TitleAsync());
        await SaveScreenshotAsync(alicePage);

        var third = await alicePage.Locator("input[name=category][data-key='3']").GetAttributeAsync("value");
        await alicePage.Keyboard.PressAsync("3");
        Assert.True(await alicePage.Locator("input[name=category][data-key='3']").IsCheckedAsync());
        await alicePage.Keyboard.PressAsync("Enter");
        await alicePage.WaitForURLAsync(url => url.Contains("done=", StringComparison.Ordinal));
        await Assertions.Expect(alicePage.Locator("[role=status]")).ToContainTextAsync($"Label stored for task {taskId}");
        Assert.Equal("Review · Assay", await alicePage.TitleAsync());

        // Bob, blind and in his own session, gets the same task and says "no failure": n then Enter.
        var (bobContext, bobPage, bobEvents) = await SignInAsync(server, bob);
        await bobPage.GotoAsync(new Uri(server.Address, "ui/review").ToString());
        Assert.Equal(taskId, await TaskIdAsync(bobPage, "/ui/review/"));
        Assert.DoesNotContain("alice", await bobPage.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await bobPage.Keyboard.PressAsync("n");
        await bobPage.Keyboard.PressAsync("Enter");
        // Blind to the end: Bob is told his label was stored, not that it disagrees with Alice's (the lead's queue shows that).
        await Assertions.Expect(bobPage.Locator("[role=status]")).ToHaveTextAsync($"Label stored for task {taskId}.");

        // Carol, the lead: both labels side by side, decides "1" (the first category) then Enter.
        var (carolContext, carolPage, carolEvents) = await SignInAsync(server, carol);
        await carolPage.GotoAsync(new Uri(server.Address, "ui/adjudicate").ToString());
        Assert.Equal(taskId, await TaskIdAsync(carolPage, "/ui/adjudicate/"));
        await Assertions.Expect(carolPage.Locator("article.label")).ToHaveCountAsync(2);
        var labels = await carolPage.Locator("section[aria-labelledby=labels-h]").InnerTextAsync();
        Assert.Contains("alice", labels, StringComparison.Ordinal);
        Assert.Contains("bob", labels, StringComparison.Ordinal);
        Assert.Contains("no failure", labels, StringComparison.Ordinal);
        Assert.Contains(Some.ScriptPayload, await carolPage.Locator("#response").InnerTextAsync(), StringComparison.Ordinal);
        await carolPage.Keyboard.PressAsync("1");
        await carolPage.Keyboard.PressAsync("Enter");
        await Assertions.Expect(carolPage.Locator("[role=status]")).ToContainTextAsync($"Decision stored for task {taskId}");

        // The stored result, read back through the store and the lead's API.
        var categories = (await server.Store.LabelsAsync(taskId, UiServer.Project, CancellationToken.None))
            .ToDictionary(l => l.Reviewer, l => l.Verdict.Categories.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([third!], categories["alice"]);
        Assert.Empty(categories["bob"]);
        var decision = await server.Store.AdjudicationAsync(taskId, UiServer.Project, CancellationToken.None);
        Assert.NotNull(decision);
        Assert.Equal(["hallucination"], decision.Categories.ToArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/review/tasks/{taskId}/labels");
        request.Headers.Authorization = new("Bearer", carol);
        using var answer = await server.Http.SendAsync(request);
        var apiLabels = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["labels"]!.AsArray();
        Assert.Equal(2, apiLabels.Count);
        Assert.Contains(apiLabels, l => l!["reviewer"]!.GetValue<string>() == "bob" && l["no_failure"]!.GetValue<bool>());

        // Nothing from the payload ran anywhere.
        Assert.Empty(events.Concat(bobEvents).Concat(carolEvents));
        foreach (var context in new[] { aliceContext, bobContext, carolContext })
            await context.DisposeAsync();
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Events)> SignInAsync(UiServer server, string key)
    {
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var events = new List<string>();
        page.Dialog += (_, dialog) => events.Add("dialog: " + dialog.Message);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.Address.ToString(), StringComparison.Ordinal))
                events.Add("outside request: " + request.Url);
        };
        await page.GotoAsync(new Uri(server.Address, "ui/").ToString());
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review queue" })).ToBeVisibleAsync();
        return (context, page, events);
    }

    private static async Task<long> TaskIdAsync(IPage page, string prefix)
    {
        var action = await page.Locator("#label-form").GetAttributeAsync("action");
        Assert.NotNull(action);
        Assert.StartsWith(prefix, action, StringComparison.Ordinal);
        return long.Parse(action[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var directory = Environment.GetEnvironmentVariable("ASSAY_ARTIFACTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "artifacts");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "review-page.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0, $"the screenshot {path} is empty");
    }
}
