using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the incident store contract against the SQLite store over a temporary file.</summary>
#pragma warning disable CA1001 // Both are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class SqliteIncidentStoreTests : IncidentStoreContract
#pragma warning restore CA1001
{
    private readonly TempDatabase _file = new();
    private readonly List<SqliteDatabase> _databases = [];

    private async Task<SqliteDatabase> DatabaseAsync()
    {
        var database = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        _databases.Add(database);
        await database.MigrateAsync(CancellationToken.None);
        return database;
    }

    protected override async Task<(IIncidentStore Incidents, IAuditStore Audit)> OpenAsync()
    {
        var database = await DatabaseAsync();
        return (new SqliteIncidentStore(database, Clock), new SqliteAuditStore(database, Clock));
    }

    // A second SqliteDatabase is what a second process on the same file has: its own write connection.
    protected override async Task<IIncidentStore> OpenAnotherAsync() => new SqliteIncidentStore(await DatabaseAsync(), Clock);

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await database.DisposeAsync();
        _file.Dispose();
    }
}
