using System.Diagnostics;
using Assay.Storage.Postgres;
using Assay.Storage.Tests.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Assay.LoadTest;

/// <summary>
/// Durable ingest into PostgreSQL: Assay (its store alone, then over HTTP on one node and on three sharing the database)
/// against a raw binary <c>COPY</c> of the same rows into the same server, all in one run so the ratio is fair.
/// </summary>
/// <remarks>
/// The server is a throwaway cluster with fsync and synchronous commit on (the test suite's runs with them off), so every
/// acknowledged batch is on disk in both the baseline and Assay's path.
/// </remarks>
internal static class PostgresLoad
{
    private const int Rows = 200_000;
    private const int PerBatch = 1000;

    public static async Task RunAsync(string assayDll, TimeSpan duration, Payloads payloads)
    {
        var server = await PostgresServer.StartAsync(durable: true);
        Console.WriteLine($"Interaction size ≈ {payloads.ApproximateSize} bytes; {duration.TotalSeconds} s per HTTP scenario; {Environment.ProcessorCount} cores; PostgreSQL with fsync on.");
        Console.WriteLine();
        Console.WriteLine("| scenario | interactions acknowledged | per second | p50 ms | p99 ms | max ms | refused requests |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        var copy = await RawCopyAsync(await server.CreateDatabaseAsync(), payloads);
        Console.WriteLine(copy.Row());
        var store = await StoreAppendAsync(await server.CreateDatabaseAsync(), payloads, resend: false);
        Console.WriteLine(store.Row());
        var resent = await StoreAppendAsync(await server.CreateDatabaseAsync(), payloads, resend: true);
        Console.WriteLine(resent.Row());
        var cli = await CliIngestAsync(assayDll, Uri(await server.CreateDatabaseAsync()), payloads);
        Console.WriteLine(cli.Row());
        var one = await NodesAsync(assayDll, Uri(await server.CreateDatabaseAsync()), 1, duration, payloads);
        Console.WriteLine(one.Row());
        var three = await NodesAsync(assayDll, Uri(await server.CreateDatabaseAsync()), 3, duration, payloads);
        Console.WriteLine(three.Row());
        Console.WriteLine();
        Console.WriteLine($"Assay store / raw COPY: {store.PerSecond / copy.PerSecond:0.00}×; with a resent id in every batch: {resent.PerSecond / copy.PerSecond:0.00}×; assay ingest --db / raw COPY: {cli.PerSecond / copy.PerSecond:0.00}×; Assay over HTTP, 1 node / raw COPY: {one.PerSecond / copy.PerSecond:0.00}×; "
            + $"3 nodes / 1 node: {three.PerSecond / one.PerSecond:0.00}×");
    }

    /// <summary>The ceiling: binary COPY of the same rows into a table of the same shape and indexes, one transaction per batch.</summary>
    private static async Task<LoadResult> RawCopyAsync(string connectionString, Payloads payloads)
    {
        var items = payloads.Parsed(Rows).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE interactions (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE, content_hash text NOT NULL,
                occurred_at bigint NOT NULL, received_at bigint NOT NULL, model text NOT NULL, project text, body bytea NOT NULL,
                processed_policy text, processed_at bigint, diagnostics text, lease_owner text, lease_until bigint);
            CREATE INDEX ix_unprocessed ON interactions (seq) WHERE processed_at IS NULL;
            CREATE INDEX ix_occurred ON interactions (occurred_at);
            CREATE INDEX ix_received ON interactions (received_at);
            """, connection))
            await create.ExecuteNonQueryAsync();
        var stopwatch = Stopwatch.StartNew();
        for (var offset = 0; offset < Rows; offset += PerBatch)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY interactions (id, content_hash, occurred_at, received_at, model, project, body) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = offset; i < Math.Min(Rows, offset + PerBatch); i++)
                {
                    var item = items[i];
                    await writer.StartRowAsync();
                    await writer.WriteAsync(item.Interaction.Id, NpgsqlDbType.Text);
                    await writer.WriteAsync(item.ContentHash, NpgsqlDbType.Text);
                    await writer.WriteAsync(item.Interaction.Timestamp!.Value.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                    await writer.WriteAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                    await writer.WriteAsync(item.Interaction.Model, NpgsqlDbType.Text);
                    if (item.Interaction.Metadata.Project is { } project)
                        await writer.WriteAsync(project, NpgsqlDbType.Text);
                    else
                        await writer.WriteNullAsync();
                    await writer.WriteAsync(item.CanonicalJson, NpgsqlDbType.Bytea);
                }

                await writer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        return new LoadResult($"raw binary COPY, {PerBatch} rows/transaction", Rows, Rows / PerBatch, 0, stopwatch.Elapsed, []);
    }

    /// <summary>Assay's PostgreSQL store without HTTP: one group commit per batch, with its duplicate check.</summary>
    /// <param name="resend">Make every batch after the first carry one id of the batch before (a client's retry), so that
    /// each takes the store's slow path: the failed <c>COPY</c> rolled back, then <c>INSERT … ON CONFLICT</c>.</param>
    private static async Task<LoadResult> StoreAppendAsync(string connectionString, Payloads payloads, bool resend)
    {
        var items = payloads.Parsed(Rows).ToArray();
        if (resend)
        {
            for (var offset = PerBatch; offset < Rows; offset += PerBatch)
                items[offset + PerBatch - 1] = items[offset - PerBatch];
        }

        await using var database = new PostgresDatabase(connectionString);
        await using var store = new PostgresInteractionStore(database, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var stopwatch = Stopwatch.StartNew();
        for (var offset = 0; offset < Rows; offset += PerBatch)
            await store.AppendAsync(items.AsSpan(offset, Math.Min(PerBatch, Rows - offset)).ToArray(), CancellationToken.None);
        var name = resend ? $"Assay PostgreSQL store, no HTTP, {PerBatch} rows/transaction, one resent id in every batch" : $"Assay PostgreSQL store, no HTTP, {PerBatch} rows/transaction";
        return new LoadResult(name, Rows, Rows / PerBatch, 0, stopwatch.Elapsed, []);
    }

    /// <summary>
    /// The bulk path a user runs: <c>assay ingest FILE --db postgresql://…</c> as its own process, timed from start to exit,
    /// so the JSON parsing, validation, canonical form and hash of every line count against Assay, as over HTTP.
    /// </summary>
    private static async Task<LoadResult> CliIngestAsync(string assayDll, string database, Payloads payloads)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("assay-load-").FullName, "bulk.jsonl");
        await using (var stream = File.Create(file))
        {
            for (var offset = 0; offset < Rows; offset += PerBatch)
                stream.Write(payloads.Ndjson(PerBatch));
        }

        try
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { assayDll, "ingest", file, "--db", database, "--batch", PerBatch.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                info.ArgumentList.Add(argument);
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            stopwatch.Stop();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"assay ingest exited {process.ExitCode}: {await errors}{await output}");
            return new LoadResult($"assay ingest FILE --db postgresql://…, {PerBatch} lines/transaction (whole process)", Rows, Rows / PerBatch, 0, stopwatch.Elapsed, []);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary><paramref name="count"/> <c>assay serve</c> processes on one database, clients spread over them round-robin.</summary>
    private static async Task<LoadResult> NodesAsync(string assayDll, string database, int count, TimeSpan duration, Payloads payloads)
    {
        // Started one after another: the first migrates, the others find the schema done.
        var nodes = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < count; i++)
                nodes.Add(await ServerProcess.StartAsync(assayDll, ["--ingest-only"], database));
            var addresses = nodes.Select(n => n.Address).ToArray();
            await Scenarios.ClosedLoopAsync("warm-up", addresses, 8, 10, TimeSpan.FromSeconds(1), payloads);
            return await Scenarios.ClosedLoopAsync($"Assay over HTTP, {count} node(s), bulk NDJSON 100/request, 16 clients", addresses, 16, 100, duration, payloads);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    private static string Uri(string connectionString)
    {
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}
