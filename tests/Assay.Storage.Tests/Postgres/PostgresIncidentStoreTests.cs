using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the incident store contract against the PostgreSQL store on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The databases are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresIncidentStoreTests : IncidentStoreContract
#pragma warning restore CA1001
{
    private readonly List<PostgresDatabase> _databases = [];
    private string? _connectionString;

    private async Task<PostgresDatabase> DatabaseAsync()
    {
        _connectionString ??= await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var database = new PostgresDatabase(_connectionString);
        _databases.Add(database);
        await database.MigrateAsync(CancellationToken.None);
        return database;
    }

    protected override async Task<(IIncidentStore Incidents, IAuditStore Audit)> OpenAsync()
    {
        var database = await DatabaseAsync();
        return (new PostgresIncidentStore(database, Clock), new PostgresAuditStore(database, Clock));
    }

    protected override async Task<IIncidentStore> OpenAnotherAsync() => new PostgresIncidentStore(await DatabaseAsync(), Clock);

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await database.DisposeAsync();
    }
}
