using System.CommandLine;
using Assay.Policy;
using Assay.Server;
using Assay.Storage.Sqlite;

namespace Assay.Cli.Commands.Replay;

/// <summary><c>assay replay</c>: re-runs a policy over a database and reports what would change; exit 0 identical, 1 different, 2 bad input.</summary>
internal static class ReplayCommand
{
    public const int Identical = 0;
    public const int Different = 1;

    public static Command Create()
    {
        var db = CommonOptions.Database();
        var policy = CommonOptions.Policy();
        // Checked by the parser: Program maps every parse error to exit 2, so it cannot read as 1, "different".
        var format = new Option<string>("--format") { Description = "table or json (one object)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("replay",
            "Re-run the detectors and the router of a policy over every stored interaction and diff against what was recorded " +
            "(exit 0 when identical, 1 when different)")
        { db, policy, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("replay", path);
            PolicyDocument active;
            try
            {
                active = ActivePolicy.Load(parse.GetValue(policy)?.FullName);
            }
            catch (PolicyException e)
            {
                return CommonOptions.Fail("replay", e.Message);
            }

            var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("replay", error!);
            await using var _ = stores;
            var store = stores.Interactions;
            var diff = await Replayer.RunAsync(store, PipelineFactory.Create(active), cancellationToken);
            Console.Out.Write(parse.GetValue(format) == "json" ? ReplayReport.Json(diff) : ReplayReport.Table(diff));
            return diff.Identical ? Identical : Different;
        });
        return command;
    }
}
