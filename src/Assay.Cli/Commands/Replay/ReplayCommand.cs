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
        // Checked in the action rather than by the parser: a parse error exits 1, which here means "different".
        var format = new Option<string>("--format") { Description = "table or json (one object)", DefaultValueFactory = _ => "table" };
        var command = new Command("replay",
            "Re-run the detectors and the router of a policy over every stored interaction and diff against what was recorded " +
            "(exit 0 when identical, 1 when different)")
        { db, policy, format };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.UnmatchedTokens.Count > 0)
                return CommonOptions.Fail("replay", $"unknown argument '{parse.UnmatchedTokens[0]}'");
            if (parse.GetValue(format) is not ("table" or "json"))
                return CommonOptions.Fail("replay", $"--format must be table or json, not '{parse.GetValue(format)}'");
            var path = parse.GetValue(db)!;
            if (!File.Exists(path))
                return CommonOptions.Fail("replay", $"database '{path}' does not exist");
            PolicyDocument active;
            try
            {
                active = ActivePolicy.Load(parse.GetValue(policy)?.FullName);
            }
            catch (PolicyException e)
            {
                return CommonOptions.Fail("replay", e.Message);
            }

            await using var store = new SqliteInteractionStore(new SqliteStoreOptions(path), TimeProvider.System);
            await store.MigrateAsync(cancellationToken);
            var diff = await Replayer.RunAsync(store, PipelineFactory.Create(active), cancellationToken);
            Console.Out.Write(parse.GetValue(format) == "json" ? ReplayReport.Json(diff) : ReplayReport.Table(diff));
            return diff.Identical ? Identical : Different;
        });
        return command;
    }
}
