using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>The Interactions page in Chromium (issue 11): filter, search and open an item, within the reviewer's project.</summary>
[Collection(SharedBrowser.Name)]
public sealed class InteractionsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task InteractionsPage_filtersSearchesAndOpensAnItem_withEvidenceHighlighted_andOnlyTheCallersProject()
    {
        await using var server = await UiServer.StartAsync();
        var alice = await server.CreateKeyAsync("alice", Role.Reviewer);
        await server.IngestAsync(Some.Interaction("find-leak", "Write to jane.doe@example.com for a refund."));
        await server.IngestAsync(Some.Interaction("find-office", "The Zanzibar office opens at nine."));
        await server.IngestAsync(Some.Interaction("find-plain", "A plain answer."));
        var elsewhere = Some.Interaction("find-elsewhere", "The Zanzibar office of another project.");
        elsewhere["metadata"]!["project"] = "elsewhere";
        await server.IngestAsync(elsewhere);
        foreach (var id in new[] { "find-leak", "find-office", "find-plain", "find-elsewhere" })
            await DashboardTests.WaitUntilProcessedAsync(server, id);
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardTests.SignInAsync(page, server, alice);

        await page.GetByRole(AriaRole.Link, new() { Name = "Interactions" }).ClickAsync();
        var rows = page.Locator("#interactions tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#interactions")).Not.ToContainTextAsync("find-elsewhere");

        await page.GetByLabel("Words").FillAsync("zanzibar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("find-office");

        // Query syntax is only words: no error, just no match.
        await page.GetByLabel("Words").FillAsync("zanzibar\" OR leak*");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("No interaction matches these filters.");

        await page.GetByLabel("Words").FillAsync("");
        await page.GetByLabel("Flagged").SelectOptionAsync("true");
        await page.GetByLabel("Category").SelectOptionAsync("pii-leak");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("pii.email");
        await DashboardTests.SaveScreenshotAsync(page, "interactions-page.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "find-leak" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Interaction find-leak" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#response mark")).ToHaveTextAsync("jane.doe@example.com");
        await Assertions.Expect(page.Locator("#response mark")).ToHaveAttributeAsync("title", "pii.email (pii-leak)");
        await Assertions.Expect(page.Locator("#flags")).ToContainTextAsync("pii.email");
        await DashboardTests.SaveScreenshotAsync(page, "interaction-detail.png");

        var other = await page.GotoAsync(new Uri(server.Address, "ui/interactions/find-elsewhere").ToString());
        Assert.Equal(404, other!.Status);
    }
}
