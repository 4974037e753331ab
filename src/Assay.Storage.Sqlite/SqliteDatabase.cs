using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>One SQLite file in WAL mode: its single write connection, its readers and its schema.</summary>
/// <remarks>
/// Thread-safe. SQLite has one writer at a time, so all writes run on one connection under a lock
/// (<see cref="WriteAsync{T}"/>); reads open pooled connections that run beside the writer.
/// Every store over the same file shares one instance, so their writes are serialised together.
/// </remarks>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;

    public SqliteDatabase(SqliteStoreOptions options)
    {
        _options = options;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)options.BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public string Path => _options.Path;

    /// <summary>Opens the file and applies every module's missing migrations; safe to call on every start.</summary>
    public Task MigrateAsync(CancellationToken cancellationToken) => WriteAsync(static _ => 0, cancellationToken);

    /// <summary>Runs <paramref name="write"/> on the write connection, alone.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return write(Writer());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Opens a pooled read connection; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_writer is not null)
                await _writer.DisposeAsync();
            _writer = null;
            // Pooled readers stay open after their callers dispose them; clearing the pool closes them, so the last
            // connection to the file goes and SQLite checkpoints and removes the write-ahead log.
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The write connection, opened and migrated on first use. Call under the write lock.</summary>
    private SqliteConnection Writer()
    {
        if (_writer is not null)
            return _writer;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_options.Path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var synchronous = _options.Durability == Durability.Full ? "FULL" : "NORMAL";
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
        }

        Migrations.Apply(connection, InteractionSchema.Module, InteractionSchema.Steps);
        Migrations.Apply(connection, ReviewSchema.Module, ReviewSchema.Steps);
        Migrations.Apply(connection, MonitoringSchema.Module, MonitoringSchema.Steps);
        Migrations.Apply(connection, RetentionSchema.Module, RetentionSchema.Steps);
        Migrations.Apply(connection, HostSchema.Module, HostSchema.Steps);
        Migrations.Apply(connection, SearchSchema.Module, SearchSchema.Steps);
        Migrations.Apply(connection, AuditSchema.Module, AuditSchema.Steps);
        Migrations.Apply(connection, PolicySchema.Module, PolicySchema.Steps);
        Migrations.Apply(connection, IncidentSchema.Module, IncidentSchema.Steps);
        _writer = connection;
        return connection;
    }
}
