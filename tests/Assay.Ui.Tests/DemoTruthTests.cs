using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Assay.Review;
using Microsoft.Playwright;

namespace Assay.Ui.Tests;

/// <summary>After <c>assay demo</c>, the metrics page shows a lead the demo's injected truth beside the estimates, and a reviewer never.</summary>
[Collection(SharedBrowser.Name)]
public sealed class DemoTruthTests(BrowserFixture browser)
{
    [Fact]
    public async Task Metrics_afterADemoRun_showALeadTheInjectedTruthBesideEachEstimate_andAReviewerNothingOfIt()
    {
        var directory = Directory.CreateTempSubdirectory("assay-demo-truth-").FullName;
        try
        {
            var database = Path.Combine(directory, "demo.db");
            await RunDemoAsync(database);
            // The demo's database served again, as 'assay serve --db' would; keys of our own, for every project as the demo's are.
            await using var server = await UiServer.StartAsync(options => options with { DatabasePath = database, PolicyPath = null });
            var lead = await server.CreateKeyAsync("carol", Role.Lead, ApiKey.AllProjects);
            var reviewer = await server.CreateKeyAsync("alice", Role.Reviewer, ApiKey.AllProjects);

            var page = await PageAsync(server, lead);
            await page.GotoAsync(new Uri(server.Address, "ui/metrics").ToString());
            await Assertions.Expect(page.Locator("#demo-truth-note")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("th.demo-truth")).ToHaveTextAsync(["Demo's injected recall", "Demo's injected false-negative rate", "Demo's injected prevalence"]);
            // The overall prevalence row: the share of the demo's traffic with any injected failure, a number from 0 to 1.
            var overall = page.Locator("table:has(caption:text('Prevalence')) tbody tr").First.Locator("td.demo-truth");
            await Assertions.Expect(overall).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[01]\.\d{3}( (inside|outside) the interval)?$"));
            var truth = double.Parse((await overall.InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(truth, 0.001, 0.999);

            // The truth is for leads: a reviewer's metrics page is the page without it.
            var blind = await PageAsync(server, reviewer);
            await blind.GotoAsync(new Uri(server.Address, "ui/metrics").ToString());
            await Assertions.Expect(blind.Locator("h1")).ToHaveTextAsync("Assurance metrics");
            await Assertions.Expect(blind.Locator(".demo-truth, #demo-truth-note")).ToHaveCountAsync(0);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may hold the file a moment longer; a temp directory left behind is harmless.
            }
        }
    }

    /// <summary>Runs <c>assay demo --exit</c> (the Cli project is referenced, so <c>assay.dll</c> sits beside the tests) on a free port.</summary>
    private static async Task RunDemoAsync(string database)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "assay.dll");
        Assert.True(File.Exists(assembly), $"{assembly} is missing; is Assay.Cli still referenced?");
        var host = Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[assembly, "demo", "--exit", "--count", "600", "--urls", $"http://127.0.0.1:{FreePort()}", "--db", database])
            start.ArgumentList.Add(argument);
        using var demo = Process.Start(start)!;
        var output = demo.StandardOutput.ReadToEndAsync();
        var errors = demo.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await demo.WaitForExitAsync(timeout.Token);
        Assert.True(demo.ExitCode == 0, $"assay demo exited with {demo.ExitCode}:\n{await output}\n{await errors}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<IPage> PageAsync(UiServer server, string key)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await DashboardTests.SignInAsync(page, server, key);
        return page;
    }
}
