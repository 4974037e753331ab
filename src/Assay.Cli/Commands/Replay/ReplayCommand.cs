using System.CommandLine;
using Assay.Policy;
using Assay.Server;
using Assay.Server.Judging;
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
        var rejudge = new Option<bool>("--rejudge")
        {
            Description = $"Ask the policy's judge rules again instead of reusing the stored verdicts, within the judges' daily token budget (needs --judge-endpoint and --judge-model; key from {JudgeOptions.ApiKeyVariable})",
        };
        var judgeEndpoint = new Option<Uri?>("--judge-endpoint")
        {
            Description = "OpenAI-compatible API asked for verdicts with --rejudge, e.g. http://127.0.0.1:8000/v1",
            CustomParser = result =>
            {
                if (Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                    return uri;
                result.AddError($"'{result.Tokens[0].Value}' is not an absolute http(s) URL, e.g. http://127.0.0.1:8000/v1");
                return null;
            },
        };
        var judgeModel = new Option<string?>("--judge-model") { Description = "Model asked for verdicts with --rejudge" };
        var command = new Command("replay",
            "Re-run the detectors and the router of a policy over every stored interaction and diff against what was recorded " +
            "(exit 0 when identical, 1 when different)")
        { db, policy, format, rejudge, judgeEndpoint, judgeModel };
        command.Validators.Add(result =>
        {
            // Presence, not value: reading a value that failed to parse would throw here.
            var asks = result.GetResult(judgeEndpoint) is not null || result.GetResult(judgeModel) is not null;
            if (result.GetResult(rejudge) is not null && (result.GetResult(judgeEndpoint) is null || result.GetResult(judgeModel) is null))
                result.AddError("--rejudge needs --judge-endpoint and --judge-model");
            else if (asks && result.GetResult(rejudge) is null)
                result.AddError("--judge-endpoint and --judge-model are for --rejudge");
        });
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
            using var asker = parse.GetValue(rejudge)
                ? JudgeAsker.Create(new JudgeOptions { Endpoint = parse.GetValue(judgeEndpoint), Model = parse.GetValue(judgeModel) }, active.Judging, TimeProvider.System)
                : null;
            ReplayDiff diff;
            try
            {
                diff = await Replayer.RunAsync(store, PipelineFactory.Create(active), new JudgeReplay(active, store, asker), cancellationToken);
            }
            catch (Exception e) when (asker is not null && e is HttpRequestException or System.ClientModel.ClientResultException or TimeoutException)
            {
                return CommonOptions.Fail("replay", "the judge endpoint failed: " + asker.Redacted(e.Message));
            }


            Console.Out.Write(parse.GetValue(format) == "json" ? ReplayReport.Json(diff) : ReplayReport.Table(diff));
            return diff.Identical ? Identical : Different;
        });
        return command;
    }
}
