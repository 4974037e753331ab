using Assay.Storage.Postgres;
using Npgsql;

namespace Assay.Storage.Tests.Postgres;

/// <summary><c>--db postgresql://…</c>: the URI becomes a connection string; a file path stays SQLite.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void Parse_a_full_uri_reads_every_part_and_decodes_the_password()
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnection.Parse("postgresql://assay:p%40ss%3Aword@db.internal:6543/audit?sslmode=require&application_name=node-1"));

        Assert.Equal(("db.internal", 6543, "assay", "p@ss:word", "audit"), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database));
        Assert.Equal(SslMode.Require, parsed.SslMode);
        Assert.Equal("node-1", parsed.ApplicationName);
    }

    [Fact]
    public void Parse_without_port_or_password_takes_the_defaults()
    {
        var parsed = new NpgsqlConnectionStringBuilder(PostgresConnection.Parse("postgres://assay@localhost/assay"));

        Assert.Equal(("localhost", 5432, "assay", null, "assay"), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database));
    }

    [Theory]
    [InlineData("postgresql://localhost")]
    [InlineData("postgresql://localhost/a/b")]
    [InlineData("postgresql://localhost/db?colour=red")]
    [InlineData("postgresql://:5432/db")]
    public void Parse_a_malformed_uri_says_what_is_wrong_without_the_password(string uri)
    {
        var refused = Assert.Throws<ArgumentException>(() => PostgresConnection.Parse(uri));

        Assert.StartsWith("the PostgreSQL URI", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("assay.db", false)]
    [InlineData("/var/lib/assay/assay.db", false)]
    [InlineData("postgresql://u@h/d", true)]
    [InlineData("POSTGRES://u@h/d", true)]
    public void IsPostgres_tells_a_uri_from_a_file(string db, bool expected) => Assert.Equal(expected, PostgresConnection.IsPostgres(db));
}
