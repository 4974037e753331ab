using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the store contract against the SQLite store over a temporary file.</summary>
/// <remarks>xunit disposes the stores (<see cref="InteractionStoreContract.DisposeAsync"/>) before the file goes.</remarks>
public sealed class SqliteInteractionStoreTests : InteractionStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override IInteractionStore Open(TimeProvider clock) =>
        new SqliteInteractionStore(new SqliteStoreOptions(_database.Path), clock);

    protected override async Task ReindexAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM interaction_text; DELETE FROM interaction_facets; " + SearchSchema.IndexMissing;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose() => _database.Dispose();
}
