namespace Assay.Storage.Sqlite;

/// <summary>Where the SQLite store lives and how durable its commits are.</summary>
public sealed record SqliteStoreOptions(string Path)
{
    /// <value>Default <see cref="Sqlite.Durability.Full"/>: an acknowledgement means the data is on disk.</value>
    public Durability Durability { get; init; } = Durability.Full;

    /// <value>How long a statement waits for a lock held by another process. Default 30 s.</value>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
