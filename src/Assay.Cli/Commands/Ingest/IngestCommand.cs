using System.CommandLine;

namespace Assay.Cli.Commands.Ingest;

/// <summary><c>assay ingest FILE</c>: sends a JSONL file to a server or straight into a database file.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSONL file, one interaction per line" };
        var db = CommonOptions.Database();
        var server = CommonOptions.Server();
        var batch = new Option<int>("--batch") { Description = "Lines per request or transaction", DefaultValueFactory = _ => 500 };
        var key = new Option<string?>("--key") { Description = "API key with the ingest role (or set ASSAY_KEY), for a server that requires keys" };
        var command = new Command("ingest", "Ingest a JSONL file of interactions (to --server, else into --db)") { file, db, server, batch, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var size = parse.GetValue(batch);
            if (!path.Exists)
                return CommonOptions.Fail("ingest", $"file '{path.FullName}' does not exist");
            if (size is < 1 or > 10_000)
                return CommonOptions.Fail("ingest", "--batch must be from 1 to 10000");
            var serverUri = parse.GetValue(server);
            IIngestTarget target;
            if (serverUri is not null)
            {
                target = new HttpIngestTarget(serverUri, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("ASSAY_KEY"));
            }
            else
            {
                var (stores, error) = await CliStores.OpenAsync(parse.GetValue(db)!, cancellationToken);
                if (stores is null)
                    return CommonOptions.Fail("ingest", error!);
                target = new DatabaseIngestTarget(stores);
            }

            await using (target)
            {
                try
                {
                    var tally = await IngestFile.RunAsync(path, target, size, cancellationToken);
                    tally.Print();
                    return tally.Rejected + tally.Conflict > 0 ? 1 : 0;
                }
                catch (HttpRequestException e)
                {
                    return CommonOptions.Fail("ingest", e.Message);
                }
            }
        });
        return command;
    }
}
