namespace Assay.Storage.Sqlite;

/// <summary>The schema of what running nodes keep in the database: the data-protection key ring (module <c>host</c>).</summary>
internal static class HostSchema
{
    public const string Module = "host";

    public static readonly string[] Steps =
    [
        // 1: the ASP.NET Core data-protection key ring, so that UI sessions survive a restart.
        """
        CREATE TABLE data_protection_keys (
            name       TEXT    PRIMARY KEY,
            xml        TEXT    NOT NULL,
            created_at INTEGER NOT NULL
        );
        """,
    ];
}
