using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>Reads the <c>--db</c> value of a PostgreSQL database: a <c>postgresql://user:pass@host:port/db?…</c> URI, or a keyword connection string.</summary>
public static class PostgresConnection
{
    /// <summary>Whether <paramref name="db"/> names a PostgreSQL database rather than a SQLite file.</summary>
    public static bool IsPostgres(string db) =>
        db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>An Npgsql connection string for <paramref name="db"/>.</summary>
    /// <exception cref="ArgumentException">The URI is malformed; the message says which part, never the password.</exception>
    public static string Parse(string db)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(db);
        if (!IsPostgres(db))
            return new NpgsqlConnectionStringBuilder(db).ConnectionString;
        if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException("the PostgreSQL URI must look like postgresql://user:password@host:5432/database", nameof(db));
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException("the PostgreSQL URI must name one database after the host, e.g. postgresql://assay@localhost/assay", nameof(db));
        builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key switch { "sslmode" => "SSL Mode", "application_name" => "Application Name", "connect_timeout" => "Timeout", _ => key }] = value;
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"the PostgreSQL URI has an unknown parameter '{key}'", nameof(db));
            }
        }

        return builder.ConnectionString;
    }

    /// <summary><paramref name="db"/> as it may be shown or logged: host, port, user and database, never the password; a file path as it is.</summary>
    public static string Describe(string db)
    {
        if (!IsPostgres(db))
            return db;
        var parsed = new NpgsqlConnectionStringBuilder(Parse(db));
        return $"postgresql://{(parsed.Username is { Length: > 0 } user ? Uri.EscapeDataString(user) + "@" : "")}{parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}
