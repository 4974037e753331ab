using System.CommandLine;
using System.Globalization;
using Assay.Policy;
using Assay.Review;
using Assay.Server;
using Assay.Server.Reports;

namespace Assay.Cli.Commands;

/// <summary><c>assay report --from T --to T [--project P] [--db PATH] --out FILE.html</c>: a window's report as HTML and its Markdown twin.</summary>
/// <remarks>
/// The same report as <c>GET /v1/reports</c>. Measured under <c>--policy</c> when given, else the version the database
/// says is active, else the starter policy. Exit 0 when written, 2 on bad input.
/// </remarks>
internal static class ReportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var from = new Option<string>("--from") { Description = "Start of the window (RFC 3339, e.g. 2026-11-01T00:00:00Z)", Required = true };
        var to = new Option<string>("--to") { Description = "End of the window, excluded (RFC 3339)", Required = true };
        var project = new Option<string?>("--project") { Description = "One project (default: every project)" };
        var policy = CommonOptions.Policy();
        var output = new Option<FileInfo>("--out") { Description = "The HTML file to write; the Markdown twin goes beside it with the extension .md", Required = true };
        var command = new Command("report", "Write the report of a window (volume, flags, review coverage, agreement, precision, FNR, recall, prevalence, alerts, policy versions, audit head) as self-contained HTML and Markdown")
        {
            db, from, to, project, policy, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryTime(parse.GetValue(from)!, out var start))
                return CommonOptions.Fail("report", "--from must be an RFC 3339 date-time, e.g. 2026-11-01T00:00:00Z");
            if (!TryTime(parse.GetValue(to)!, out var end))
                return CommonOptions.Fail("report", "--to must be an RFC 3339 date-time, e.g. 2026-12-01T00:00:00Z");
            if (end <= start)
                return CommonOptions.Fail("report", "--to must be after --from");
            var html = parse.GetValue(output)!;
            if (html.Directory is { Exists: false } folder)
                return CommonOptions.Fail("report", $"--out: the folder '{folder.FullName}' does not exist");
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("report", path);
            var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("report", error!);
            await using var _ = stores;

            PolicyDocument measuredUnder;
            try
            {
                measuredUnder = await PolicyAsync(stores, parse.GetValue(policy)?.FullName, cancellationToken);
            }
            catch (PolicyException e)
            {
                return CommonOptions.Fail("report", e.Message.ReplaceLineEndings(" "));
            }

            var document = await ReportBuilder.BuildAsync(new ReportSources(stores.Interactions, stores.Reviews, stores.Alerts, stores.Policies, stores.Audit, measuredUnder, stores.Incidents),
                new ReportRequest(start, end, parse.GetValue(project) ?? ApiKey.AllProjects), cancellationToken);
            var markdown = Path.ChangeExtension(html.FullName, ".md");
            await File.WriteAllTextAsync(html.FullName, ReportWriters.Html(document), cancellationToken);
            await File.WriteAllTextAsync(markdown, ReportWriters.Markdown(document), cancellationToken);
            Console.WriteLine($"wrote {html.FullName} and {markdown}");
            return 0;
        });
        return command;
    }

    private static async Task<PolicyDocument> PolicyAsync(CliStores stores, string? file, CancellationToken cancellationToken)
    {
        if (file is not null)
            return ActivePolicy.Load(file);
        if (await stores.Policies.ActiveAsync(cancellationToken) is { } active && await stores.Policies.TextAsync(active.Hash, cancellationToken) is { } yaml
            && PolicyLoader.Parse(yaml, $"policy {active.Hash[..12]}") is { Policy: { } stored, HasErrors: false })
        {
            return stored;
        }

        return StarterPolicy.Load();
    }

    private static bool TryTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
