using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>The UI's guards: forms need an antiforgery token, pages need a session, and keys are checked at sign-in.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SecurityTests(BrowserFixture browser)
{
    [Fact]
    public async Task LabelForm_postedWithoutAntiforgeryToken_400AndNothingStored()
    {
        await using var server = await UiServer.StartAsync();
        var alice = await server.CreateKeyAsync("alice", Role.Reviewer);
        var carol = await server.CreateKeyAsync("carol", Role.Lead);
        await server.IngestAsync(Some.Critical("ui-csrf", "A critical answer."));
        await server.WaitForOpenTasksAsync(carol, 1);
        var task = await server.Store.NextTaskAsync("alice", UiServer.Project, TimeSpan.FromMinutes(30), CancellationToken.None);
        Assert.NotNull(task);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, server, alice);

        // The session cookie is sent, but the form lacks the token, as a forged cross-site post would.
        var forged = await context.APIRequest.PostAsync(new Uri(server.Address, $"ui/review/{task.TaskId}").ToString(), new()
        {
            Form = context.APIRequest.CreateFormData().Append("no_failure", "true"),
            MaxRedirects = 0,
        });

        Assert.Equal(400, forged.Status);
        Assert.False(await server.Store.HasLabelledAsync(task.TaskId, "alice", CancellationToken.None));
    }

    [Fact]
    public async Task ReviewPage_withoutSession_redirectsToSignIn()
    {
        await using var server = await UiServer.StartAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(server.Address, "ui/review").ToString());

        Assert.StartsWith(new Uri(server.Address, "ui/").ToString(), page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_revokedKey_refused()
    {
        await using var server = await UiServer.StartAsync();
        var bob = await server.CreateKeyAsync("bob", Role.Reviewer);
        Assert.True(ApiKeySecrets.TryParse(bob, out var keyId, out _));
        Assert.True(await server.Store.RevokeKeyAsync(keyId, DateTimeOffset.UtcNow, CancellationToken.None));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(server.Address, "ui/").ToString());
        await page.GetByLabel("API key").FillAsync(bob);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("unknown, revoked or expired");
        Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "Review queue" }).CountAsync());
    }

    private static async Task SignInAsync(IPage page, UiServer server, string key)
    {
        await page.GotoAsync(new Uri(server.Address, "ui/").ToString());
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review queue" })).ToBeVisibleAsync();
    }
}
