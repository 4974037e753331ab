using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;

namespace Assay.Cli.Commands;

/// <summary><c>assay prune</c>: deletes interactions received more than some days ago, with everything that refers to them, and says what it deleted.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        db.Description = "SQLite database file, or postgresql://user:password@host:port/database";
        var olderThan = new Option<int?>("--older-than")
        {
            Description = "Delete interactions received more than this many days ago",
            Required = true,
            CustomParser = ParseDays,
        };
        var includeReviewed = new Option<bool>("--include-reviewed")
        {
            Description = "Delete interactions with human labels too (by default they are kept: the assurance metrics are computed from them)",
        };
        var batch = new Option<int>("--batch") { Description = "Interactions per delete transaction", DefaultValueFactory = _ => 1_000 };
        var command = new Command("prune", "Delete old interactions with their flags, scores, routing, tasks and labels, in short batches") { db, olderThan, includeReviewed, batch };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("prune", path);
            if (parse.GetValue(batch) < 1)
                return CommonOptions.Fail("prune", "--batch must be at least 1");
            var before = DateTimeOffset.UtcNow - TimeSpan.FromDays(parse.GetValue(olderThan)!.Value);
            RetentionReport report;
            try
            {
                report = await PruneAsync(path, before, parse.GetValue(includeReviewed), parse.GetValue(batch), cancellationToken);
            }
            catch (ArgumentException e) when (PostgresConnection.IsPostgres(path))
            {
                return CommonOptions.Fail("prune", $"--db: {e.Message}");
            }
            catch (Npgsql.NpgsqlException e)
            {
                return CommonOptions.Fail("prune", $"cannot use the PostgreSQL database {PostgresConnection.Describe(path)}: {e.Message}");
            }

            Console.WriteLine($"assay prune: {report.Describe()}");
            return 0;
        });
        return command;
    }

    /// <summary>Parses a whole number of days, at least one: retention shorter than a day is a mistake more often than a wish.</summary>
    internal static int? ParseDays(ArgumentResult result)
    {
        var token = result.Tokens[0].Value;
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1)
            return days;
        result.AddError($"'{token}' is not a number of days (a whole number, at least 1)");
        return null;
    }

    private static async Task<RetentionReport> PruneAsync(string path, DateTimeOffset before, bool includeReviewed, int batch, CancellationToken cancellationToken)
    {
        if (PostgresConnection.IsPostgres(path))
        {
            await using var postgres = new PostgresDatabase(path);
            await postgres.MigrateAsync(cancellationToken);
            return await new PostgresRetention(postgres, log: line => Console.WriteLine($"assay prune: {line}")).PruneAsync(before, includeReviewed, batch, cancellationToken);
        }

        await using var sqlite = new SqliteDatabase(new SqliteStoreOptions(path));
        await sqlite.MigrateAsync(cancellationToken);
        return await new SqliteRetention(sqlite).PruneAsync(before, includeReviewed, batch, cancellationToken);
    }
}
