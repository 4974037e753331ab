using Assay.Storage.Postgres;
using Npgsql;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Schema migrations on a real PostgreSQL server: safe when several nodes start at once, and idempotent.</summary>
public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task MigrateAsync_from_three_nodes_at_once_on_an_empty_database_migrates_once()
    {
        var server = await PostgresServer.SharedAsync();
        var connection = await server.CreateDatabaseAsync();
        var nodes = Enumerable.Range(0, 3).Select(_ => new PostgresDatabase(connection)).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(n => n.MigrateAsync(CancellationToken.None)));
            await nodes[0].MigrateAsync(CancellationToken.None);

            var versions = await RowsAsync(nodes[0], "SELECT module, version FROM schema_migrations ORDER BY module");
            Assert.Equal(PostgresSchema.Modules.Select(m => (m.Module, m.Steps.Length)).OrderBy(m => m.Module, StringComparer.Ordinal),
                versions.Select(r => ((string)r[0], (int)r[1])));
            var tables = (await RowsAsync(nodes[0], "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Select(r => (string)r[0]).ToHashSet();
            Assert.Superset(new HashSet<string> { "interactions", "flags", "self_agreement", "routing", "review_tasks", "labels", "adjudications", "api_keys", "open_alerts", "alert_events", "alert_deliveries" }, tables);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task MigrateAsync_on_a_database_newer_than_this_assay_refuses_to_start()
    {
        var server = await PostgresServer.SharedAsync();
        await using var database = new PostgresDatabase(await server.CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        await using (var bump = database.DataSource.CreateCommand("UPDATE schema_migrations SET version = version + 1 WHERE module = 'review'"))
            await bump.ExecuteNonQueryAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(CancellationToken.None));

        Assert.Contains("'review'", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<object[]>> RowsAsync(PostgresDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}
