namespace Assay.Storage.Sqlite;

/// <summary>How hard a commit works to survive failures; maps to SQLite's <c>synchronous</c> setting in WAL mode.</summary>
/// <remarks>See docs/STORAGE.md for exactly what each level survives.</remarks>
public enum Durability
{
    /// <summary><c>synchronous=FULL</c>: the WAL is fsynced at every commit; an acknowledged write survives a power cut.</summary>
    Full,

    /// <summary><c>synchronous=NORMAL</c>: survives a process crash; a power cut may lose the last commits (never corrupts).</summary>
    Normal,
}
