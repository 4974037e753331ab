using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the store contract against the SQLite store over a temporary file.</summary>
/// <remarks>xunit disposes the stores (<see cref="InteractionStoreContract.DisposeAsync"/>) before the file goes.</remarks>
public sealed class SqliteInteractionStoreTests : InteractionStoreContract, IDisposable
{
    private readonly TempDatabase _database = new();

    protected override IInteractionStore Open(TimeProvider clock) =>
        new SqliteInteractionStore(new SqliteStoreOptions(_database.Path), clock);

    public void Dispose() => _database.Dispose();
}
