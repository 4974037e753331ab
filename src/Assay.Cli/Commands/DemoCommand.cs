using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using Assay.Demo;
using Assay.Domain;
using Assay.Json;
using Assay.Server;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay demo</c>: starts Assay on SQLite and feeds it synthetic traffic with known failures.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "SQLite database file", DefaultValueFactory = _ => CommonOptions.DemoDatabase };
        var urls = new Option<string>("--urls") { Description = "Address to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var count = new Option<int>("--count") { Description = "Interactions to generate up front", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same traffic)", DefaultValueFactory = _ => 1 };
        var exit = new Option<bool>("--exit") { Description = "Stop after the summary instead of serving until Ctrl+C" };
        var command = new Command("demo", "Run Assay on SQLite with a synthetic traffic generator and show what it catches") { db, urls, count, seed, exit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var total = parse.GetValue(count);
            if (total is < 1 or > 10_000_000)
                return CommonOptions.Fail("demo", "--count must be from 1 to 10000000");
            var database = parse.GetValue(db)!;
            // A second run would re-send the same seeded ids (conflicts) and mint a second set of demo keys: refuse it plainly.
            if (new FileInfo(database) is { Exists: true, Length: > 0 })
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"assay demo: database '{database}' already exists (an earlier demo?); serve it with 'assay serve --db {Shell.Quote(database)}', or delete it, or name a new file with --db");
                return 2;
            }

            // Monitors evaluate every 5 s in the demo (30 s by default), so the injected shift is reported with the summary.
            var options = new AssayServerOptions
            {
                DatabasePath = database,
                Urls = parse.GetValue(urls)!,
                RequireApiKeys = true,
                MonitorInterval = TimeSpan.FromSeconds(5),
            };
            await using var app = AssayServer.Build(options);
            await app.StartAsync(cancellationToken);
            var address = new Uri(app.Urls.First());
            var keys = await DemoKeys.CreateAsync(app.Services.GetRequiredService<Assay.Storage.IReviewStore>(), cancellationToken);
            var started = DateTimeOffset.UtcNow;
            var (traffic, shift) = DemoTraffic.History(parse.GetValue(seed), total, started);
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keys.Ingest);
            var truth = await SendAsync(http, traffic, total, cancellationToken);
            var store = app.Services.GetRequiredService<IInteractionStore>();
            await WaitForPipelineAsync(store, cancellationToken);
            var flagged = await DemoSummary.PrintAsync(store, truth, cancellationToken);
            await DemoSummary.PrintAlertsAsync(app.Services.GetRequiredService<IAlertStore>(), shift, cancellationToken);
            await ReviewAndEstimateAsync(app.Services, address, keys, truth, flagged, parse.GetValue(seed), cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine();
            output.WriteLine($"Report of the demo's window (self-contained HTML, and its Markdown twin): {await WriteReportAsync(app.Services, database, started.AddHours(-27), cancellationToken)}");
            var fresh = await FreshTasksAsync(app.Services, http, new DemoTraffic(parse.GetValue(seed) + 2, DateTimeOffset.UtcNow.AddMinutes(-1), gap: TimeSpan.FromSeconds(1), shift: shift with { FromIndex = 0 }), cancellationToken);
            output.WriteLine($"{fresh:N0} new interactions arrived since; their review tasks wait for alice and bob (the simulated reviewers left them).");
            keys.Print(output, address, database);
            PrintWhereToLook(output, address, database, truth.Keys.First());
            if (parse.GetValue(exit))
            {
                await app.StopAsync(CancellationToken.None);
                return 0;
            }

            // The trickle keeps the history's pace (and its shift), so the volume chart and the monitors see the same traffic go on.
            var gap = DemoTraffic.HistoryGap(total);
            AnsiConsole.WriteLine($"Serving, with a trickle of new demo traffic at the history's rate (one every {gap.TotalSeconds:0.#} s, about {TimeSpan.FromHours(1) / gap:N0} an hour); Ctrl+C stops.");
            traffic = new DemoTraffic(parse.GetValue(seed) + 1, DateTimeOffset.UtcNow, gap: gap, shift: shift with { FromIndex = 0 });
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(gap, cancellationToken);
                    await SendAsync(http, traffic, 1, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    /// <summary>Simulated reviewers label the history's queue, a simulated lead adjudicates, then the estimates are printed beside the truth.</summary>
    private static async Task ReviewAndEstimateAsync(IServiceProvider services, Uri address, DemoKeys keys, Dictionary<string, string[]> truth,
        Dictionary<string, HashSet<string>> flagged, int seed, CancellationToken cancellationToken)
    {
        using var simulated = await DemoReviewers.CreateAsync(services.GetRequiredService<Assay.Storage.IReviewStore>(), address, truth, seed, cancellationToken);
        var (labels, adjudications) = await simulated.WorkAsync(cancellationToken);
        using var admin = new HttpClient { BaseAddress = address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keys.Admin);
        using var metrics = await admin.GetAsync(new Uri("v1/review/metrics", UriKind.Relative), cancellationToken);
        metrics.EnsureSuccessStatusCode();
        var body = JsonSerializer.Deserialize<JsonElement>(await metrics.Content.ReadAsStringAsync(cancellationToken));
        var rows = DemoEstimates.Compare(body, truth, flagged);
        DemoEstimates.Print(rows, labels, adjudications);
        // Kept for the metrics page, which shows leads the same truth beside the estimates.
        await services.GetRequiredService<Assay.Storage.IReviewStore>().SaveDemoTruthAsync(
            [.. rows.Where(r => double.IsFinite(r.Truth)).Select(r => new DemoTruth(r.Category, r.Measure, r.Truth))], cancellationToken);
    }

    /// <summary>Sends new traffic, one interaction at a time, until at least three review tasks are open for the people; returns how many were sent.</summary>
    private static async Task<int> FreshTasksAsync(IServiceProvider services, HttpClient http, DemoTraffic traffic, CancellationToken cancellationToken)
    {
        var reviews = services.GetRequiredService<Assay.Storage.IReviewStore>();
        var store = services.GetRequiredService<IInteractionStore>();
        // Bounded: about one interaction in eight is routed to review.
        for (var sent = 0; sent < 500; sent++)
        {
            var overview = await reviews.OverviewAsync(Assay.Review.ApiKey.AllProjects, DateTimeOffset.UtcNow, cancellationToken);
            if (overview.OpenByTier.Values.Sum() >= 3)
                return sent;
            await SendAsync(http, traffic, 1, cancellationToken);
            await WaitForPipelineAsync(store, cancellationToken);
        }

        return 500;
    }

    /// <summary>Writes the report of the demo's window beside its database; returns the HTML file's path.</summary>
    private static async Task<string> WriteReportAsync(IServiceProvider services, string database, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var document = await Assay.Server.Reports.ReportBuilder.BuildAsync(new Assay.Server.Reports.ReportSources(
                services.GetRequiredService<Assay.Storage.IInteractionStore>(), services.GetRequiredService<Assay.Storage.IReviewStore>(), services.GetRequiredService<IAlertStore>(),
                services.GetRequiredService<Assay.Storage.IPolicyStore>(), services.GetRequiredService<Assay.Storage.IAuditStore>(),
                services.GetRequiredService<Assay.Policy.PolicyDocument>(), services.GetRequiredService<Assay.Storage.IIncidentStore>()),
            new Assay.Server.Reports.ReportRequest(from, DateTimeOffset.UtcNow.AddSeconds(1), Assay.Review.ApiKey.AllProjects), cancellationToken);
        var html = Path.GetFullPath(Path.ChangeExtension(database, null) + "-report.html");
        await File.WriteAllTextAsync(html, Assay.Server.Reports.ReportWriters.Html(document), cancellationToken);
        await File.WriteAllTextAsync(Path.ChangeExtension(html, ".md"), Assay.Server.Reports.ReportWriters.Markdown(document), cancellationToken);
        return html;
    }

    /// <summary>Posts <paramref name="total"/> interactions as NDJSON; returns each id's injected categories.</summary>
    private static async Task<Dictionary<string, string[]>> SendAsync(HttpClient http, DemoTraffic traffic, int total, CancellationToken cancellationToken)
    {
        var truth = new Dictionary<string, string[]>(StringComparer.Ordinal);
        const int Batch = 500;
        for (var sent = 0; sent < total; sent += Batch)
        {
            using var body = new MemoryStream();
            for (var i = sent; i < Math.Min(total, sent + Batch); i++)
            {
                var interaction = traffic.Next();
                truth[interaction.Id] = interaction.Metadata.Tags.TryGetValue("injected", out var injected) ? injected.Split(',') : [];
                JsonSerializer.Serialize(body, interaction, AssayJsonContext.Default.Interaction);
                body.WriteByte((byte)'\n');
            }

            using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await http.PostAsync("v1/interactions", content, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        return truth;
    }

    private static async Task WaitForPipelineAsync(IInteractionStore store, CancellationToken cancellationToken)
    {
        // Bounded: the pipeline processes thousands a second; a minute means something is wrong.
        for (var i = 0; i < 600; i++)
        {
            var counts = await store.CountAsync(cancellationToken);
            if (counts.Processed == counts.Interactions)
                return;
            await Task.Delay(100, cancellationToken);
        }

        AnsiConsole.WriteLine("The pipeline has not caught up after a minute; the summary below is partial.");
    }

    /// <summary>Prints the next commands whole, one per line (never wrapped), with the demo's database named so each works as printed.</summary>
    private static void PrintWhereToLook(TextWriter output, Uri address, string database, string firstId)
    {
        var db = Shell.Quote(database);
        output.WriteLine();
        output.WriteLine("Where else to look (after the export above):");
        output.WriteLine($"  curl -H \"Authorization: Bearer $ASSAY_ADMIN_KEY\" '{address}v1/flags?category=pii-leak'     flags by category (JSON, paged)");
        output.WriteLine($"  curl -H \"Authorization: Bearer $ASSAY_ADMIN_KEY\" {address}v1/interactions/{firstId}     one interaction with its flags");
        output.WriteLine($"  curl {address}openapi/v1.json     the API description (no key needed)");
        output.WriteLine($"  assay flags --db {db} --severity high     the same from the command line (every verb takes --db {db})");
        output.WriteLine($"  assay serve --db {db}     serve this database again later (a second 'assay demo' on it is refused)");
    }
}
