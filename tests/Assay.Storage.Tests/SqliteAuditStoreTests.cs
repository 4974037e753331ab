using Assay.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the audit store contract against the SQLite store over a temporary file.</summary>
#pragma warning disable CA1001 // Both are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class SqliteAuditStoreTests : AuditStoreContract
#pragma warning restore CA1001
{
    private readonly TempDatabase _file = new();
    private readonly List<SqliteDatabase> _databases = [];

    protected override async Task<IAuditStore> OpenAsync()
    {
        var database = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        _databases.Add(database);
        await database.MigrateAsync(CancellationToken.None);
        return new SqliteAuditStore(database, TimeProvider.System);
    }

    // A second SqliteDatabase is what a second process on the same file has: its own write connection.
    protected override Task<IAuditStore> OpenAnotherAsync() => OpenAsync();

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
            await database.DisposeAsync();
        _file.Dispose();
    }
}
