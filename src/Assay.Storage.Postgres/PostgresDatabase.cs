using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>One PostgreSQL database shared by every Assay node: its connection pool and its schema.</summary>
/// <remarks>
/// Thread-safe. Several nodes may start at once on an empty database: <see cref="MigrateAsync"/> takes a
/// transaction-scoped advisory lock, so one node migrates while the others wait, then find nothing left to do.
/// </remarks>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The advisory lock key of schema migrations (an arbitrary constant: "assay" in ASCII).</summary>
    internal const long MigrationLock = 0x6173736179;

    public PostgresDatabase(string connection)
    {
        DataSource = NpgsqlDataSource.Create(PostgresConnection.Parse(connection));
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Applies every module's missing steps in one transaction, then makes the coming days' partitions; safe to call on every start, from many nodes at once.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (module text PRIMARY KEY, version integer NOT NULL)", cancellationToken);
        foreach (var (module, steps) in PostgresSchema.Modules)
        {
            await using var read = new NpgsqlCommand("SELECT coalesce((SELECT version FROM schema_migrations WHERE module = $1), 0)", connection, transaction)
            {
                Parameters = { new() { Value = module } },
            };
            var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (current > steps.Length)
                throw new InvalidOperationException($"The database's '{module}' schema is at version {current}, newer than this Assay ({steps.Length}); upgrade Assay.");
            for (var step = current; step < steps.Length; step++)
                await ExecuteAsync(connection, transaction, steps[step], cancellationToken);
            if (steps.Length > current)
            {
                await using var write = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (module, version) VALUES ($1, $2) ON CONFLICT (module) DO UPDATE SET version = excluded.version",
                    connection, transaction)
                {
                    Parameters = { new() { Value = module }, new() { Value = steps.Length } },
                };
                await write.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        // Today's and the next days' partitions, by this node's clock; a lock held too long by a reader leaves it to ingest or retention.
        await PostgresPartitions.EnsureAsync(DataSource, TimeProvider.System.GetUtcNow(), cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
