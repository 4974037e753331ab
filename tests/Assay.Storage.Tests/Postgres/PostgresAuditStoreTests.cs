using Assay.Storage.Postgres;
using Npgsql;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the audit store contract against the PostgreSQL store on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The databases are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresAuditStoreTests : AuditStoreContract
#pragma warning restore CA1001
{
    private readonly List<PostgresDatabase> _databases = [];
    private string? _connection;

    protected override async Task<IAuditStore> OpenAsync()
    {
        _connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        return await OpenAnotherAsync();
    }

    // Its own pool over the same database: what another node has.
    protected override async Task<IAuditStore> OpenAnotherAsync()
    {
        var database = new PostgresDatabase(_connection!);
        _databases.Add(database);
        await database.MigrateAsync(CancellationToken.None);
        return new PostgresAuditStore(database, TimeProvider.System);
    }

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await database.DisposeAsync();
    }
}
