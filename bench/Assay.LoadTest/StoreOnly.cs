using System.Diagnostics;
using Assay.Storage.Sqlite;

namespace Assay.LoadTest;

/// <summary>Assay's own store without HTTP: where the time goes between the raw insert and the server.</summary>
internal static class StoreOnly
{
    public static async Task<LoadResult> AppendAsync(Payloads payloads, int rows, int perTransaction)
    {
        var directory = Directory.CreateTempSubdirectory("assay-store-").FullName;
        try
        {
            var items = payloads.Parsed(rows).ToArray();
            await using var store = new SqliteInteractionStore(new SqliteStoreOptions(Path.Combine(directory, "store.db")), TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);
            var stopwatch = Stopwatch.StartNew();
            for (var offset = 0; offset < rows; offset += perTransaction)
                await store.AppendAsync(items.AsSpan(offset, Math.Min(perTransaction, rows - offset)).ToArray(), CancellationToken.None);
            return new LoadResult($"Assay store, no HTTP, {perTransaction} rows/transaction", rows, (rows + perTransaction - 1) / perTransaction, 0, stopwatch.Elapsed, []);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
