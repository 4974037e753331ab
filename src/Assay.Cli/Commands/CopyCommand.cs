using System.CommandLine;
using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assay.Cli.Commands;

/// <summary><c>assay copy</c>: moves a whole database between SQLite and PostgreSQL (either way) into an empty destination.</summary>
/// <remarks>The verb only opens the two ends and prints; the tables are in <see cref="PortableTables"/>, and each engine reads and writes its own SQL.</remarks>
internal static class CopyCommand
{
    public const int Failed = 1;

    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The database to copy: a SQLite file or postgresql://user:password@host:port/database", Required = true };
        var to = new Option<string>("--to") { Description = "An empty database to copy into (created and migrated first): a SQLite file or postgresql://…", Required = true };
        var command = new Command("copy", "Copy every interaction, flag, task, label, key and alert from one database into an empty one, ids kept") { from, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(from)!;
            var destination = parse.GetValue(to)!;
            if (!CliStores.Exists(source))
                return CommonOptions.Fail("copy", $"--from: database '{source}' does not exist");
            if (Same(source, destination))
                return CommonOptions.Fail("copy", "--from and --to name the same database");

            var (reader, readError) = await OpenAsync<ITableSource>("--from", source, async (db, ct) => PostgresConnection.IsPostgres(db)
                ? await PostgresTableSource.OpenAsync(db, ct)
                : await SqliteTableSource.OpenAsync(db, ct), cancellationToken);
            if (reader is null)
                return CommonOptions.Fail("copy", readError!);
            await using var _ = reader;
            var (writer, writeError) = await OpenAsync<ITableSink>("--to", destination, async (db, ct) => PostgresConnection.IsPostgres(db)
                ? await PostgresTableSink.OpenAsync(db, ct)
                : await SqliteTableSink.OpenAsync(db, ct), cancellationToken);
            if (writer is null)
                return CommonOptions.Fail("copy", writeError!);
            await using var __ = writer;

            CopyReport report;
            var heading = $"Copying {PostgresConnection.Describe(source)} into {PostgresConnection.Describe(destination)}";
            var started = false;
            try
            {
                // Progress within big tables only; the heading comes with it, so that a refused copy stays one line.
                report = await TableCopy.RunAsync(reader, writer, progress =>
                {
                    if (progress.Copied == progress.Source)
                        return;
                    if (!started)
                        Console.WriteLine(heading);
                    started = true;
                    Console.WriteLine($"  {progress.Table}: {progress.Copied:N0} of {progress.Source:N0}");
                }, cancellationToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                Console.Error.WriteLine($"assay copy: failed, nothing was committed to {PostgresConnection.Describe(destination)}: {e.Message}");
                return Failed;
            }

            if (report.Refused)
            {
                var first = report.Occupied[0];
                return CommonOptions.Fail("copy",
                    $"{PostgresConnection.Describe(destination)} is not empty ({first.Table} holds {first.Copied:N0} rows); copy only into an empty database");
            }

            if (!started)
                Console.WriteLine(heading);
            Console.WriteLine($"Copied {report.Tables.Sum(t => t.Copied):N0} rows in {report.Tables.Count} tables; every table's count equals the source's:");
            foreach (var table in report.Tables)
                Console.WriteLine($"  {table.Table,-18} {table.Copied,12:N0}");
            return 0;
        });
        return command;
    }

    /// <summary>Opens one end; a malformed URI or an unreachable server is one line naming the option, never the password.</summary>
    private static async Task<(T? End, string? Error)> OpenAsync<T>(string option, string db, Func<string, CancellationToken, Task<T>> open, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await open(db, cancellationToken), null);
        }
        catch (ArgumentException e) when (PostgresConnection.IsPostgres(db))
        {
            return (null, $"{option}: {e.Message}");
        }
        catch (NpgsqlException e)
        {
            return (null, $"{option}: cannot use the PostgreSQL database {PostgresConnection.Describe(db)}: {e.Message}");
        }
        catch (SqliteException e)
        {
            return (null, $"{option}: cannot use the SQLite database '{db}': {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // A schema newer than this Assay: migrating refuses it.
            return (null, $"{option}: {e.Message}");
        }
    }

    private static bool Same(string a, string b) =>
        PostgresConnection.IsPostgres(a) || PostgresConnection.IsPostgres(b)
            ? string.Equals(a, b, StringComparison.Ordinal)
            : string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
}
