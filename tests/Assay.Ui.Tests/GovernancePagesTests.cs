using System.Net.Http.Headers;
using Assay.Policy;
using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>The governance pages in Chromium (issue 13): policy versions, the audit log and a report, saved as screenshots.</summary>
[Collection(SharedBrowser.Name)]
public sealed class GovernancePagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_admin_sees_the_policy_versions_with_the_running_one_the_audit_log_with_its_head_and_a_report()
    {
        await using var server = await UiServer.StartAsync();
        var admin = await server.CreateKeyAsync("root", Role.Admin, ApiKey.AllProjects);
        var projectAdmin = await server.CreateKeyAsync("ui-admin", Role.Admin);
        await server.IngestAsync(Some.Interaction("gov-leak", "Write to jane.doe@example.com for a refund."));
        await DashboardTests.WaitUntilProcessedAsync(server, "gov-leak");
        // A second version, uploaded and activated over the API as an operator would.
        var second = StarterPolicy.Yaml() + "\n# second version: the same rules, a new hash\n";
        using (var api = new HttpClient { BaseAddress = server.Address })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var uploaded = await api.PostAsync("v1/policies?source=second.yaml", new StringContent(second, new MediaTypeHeaderValue("application/yaml")));
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
            using var activated = await api.PostAsync($"v1/policies/{PolicyLoader.Hash(second)}/activate", null);
            Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());
        }

        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardTests.SignInAsync(page, server, admin);

        await page.GetByRole(AriaRole.Link, new() { Name = "Policies" }).ClickAsync();
        var versions = page.Locator("#policies tbody tr");
        await Assertions.Expect(versions).ToHaveCountAsync(2);
        await Assertions.Expect(versions.First).ToContainTextAsync(PolicyLoader.Hash(second)[..16]);
        await Assertions.Expect(versions.First).ToContainTextAsync("running");
        await Assertions.Expect(versions.First).ToContainTextAsync("second.yaml");
        await Assertions.Expect(versions.Nth(1)).Not.ToContainTextAsync("running");
        await DashboardTests.SaveScreenshotAsync(page, "policy-versions.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Assertions.Expect(page.Locator("#head")).ToContainTextAsync("assay audit verify --anchor");
        await Assertions.Expect(page.Locator("#audit tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#audit")).ToContainTextAsync("policy.activated");
        await Assertions.Expect(page.Locator("#audit")).ToContainTextAsync("root");
        await DashboardTests.SaveScreenshotAsync(page, "audit-log.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Report" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reviewer agreement" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Audit chain head at the window's end");
        await DashboardTests.SaveScreenshotAsync(page, "report.png");

        // A project's admin: the log and the policy span every project.
        await using var scoped = await browser.NewContextAsync();
        var other = await scoped.NewPageAsync();
        await DashboardTests.SignInAsync(other, server, projectAdmin);
        var refused = await other.GotoAsync(new Uri(server.Address, "ui/audit").ToString());
        Assert.Equal(403, refused!.Status);
    }
}
