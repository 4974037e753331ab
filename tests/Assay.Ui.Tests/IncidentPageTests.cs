using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>An incident in Chromium (issue 13): the list, then one incident's post-mortem and timeline, saved as a screenshot.</summary>
[Collection(SharedBrowser.Name)]
public sealed class IncidentPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_lead_sees_an_incident_with_its_measured_post_mortem_and_its_timeline()
    {
        await using var server = await UiServer.StartAsync();
        var lead = await server.CreateKeyAsync("lena", Role.Lead, ApiKey.AllProjects);
        await server.IngestAsync(Some.Interaction("inc-leak", "Write to jane.doe@example.com for a refund."));
        await DashboardTests.WaitUntilProcessedAsync(server, "inc-leak");
        long id;
        using (var api = new HttpClient { BaseAddress = server.Address })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", lead);
            using var opened = await api.PostAsync("v1/incidents", new StringContent(
                """{"title": "Customer e-mail addresses in answers", "severity": "critical", "what_happened": "Answers quoted a customer's address.", "links": ["interaction:inc-leak"]}""",
                Encoding.UTF8, "application/json"));
            var body = await opened.Content.ReadAsStringAsync();
            Assert.True(opened.IsSuccessStatusCode, body);
            id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
            using var changed = await api.PatchAsync($"v1/incidents/{id}", new StringContent(
                """{"status": "mitigated", "note": "Rolled back the prompt.", "slipped_past": "Nothing: the PII rule flagged it.", "actions": [{"text": "Add a redaction step", "owner": "dana", "done": false}]}""",
                Encoding.UTF8, "application/json"));
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        }

        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardTests.SignInAsync(page, server, lead);

        await page.GetByRole(AriaRole.Link, new() { Name = "Incidents" }).ClickAsync();
        var rows = page.Locator("#incidents tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Customer e-mail addresses in answers");
        await Assertions.Expect(rows.First).ToContainTextAsync("mitigated");

        await page.GetByRole(AriaRole.Link, new() { Name = $"#{id}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("critical · mitigated");
        await Assertions.Expect(page.Locator("#delay")).ToContainTextAsync("from the earliest linked interaction to detection");
        await Assertions.Expect(page.Locator("#post-mortem")).ToContainTextAsync("Measured: 0 of 1 linked interaction(s) were flagged by no automated check");
        await Assertions.Expect(page.Locator("#actions")).ToContainTextAsync("[open] Add a redaction step (dana)");
        await Assertions.Expect(page.Locator("#timeline tr.interaction")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#timeline tr.flag").First).ToContainTextAsync("inc-leak");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Rolled back the prompt.");
        await DashboardTests.SaveScreenshotAsync(page, "incident.png");

        var missing = await page.GotoAsync(new Uri(server.Address, "ui/incidents/999999").ToString());
        Assert.Equal(404, missing!.Status);
    }
}
