using System.Net;
using System.Text.Json;
using Assay.Storage.Tests.Postgres;
using Npgsql;

namespace Assay.Server.Tests.Operations;

/// <summary><c>/readyz</c> on real Kestrel: ready while the database answers, a 503 problem once it is gone.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_on_a_migrated_sqlite_node_is_200_without_a_key()
    {
        using var database = new TempDatabase();
        await using var node = await Node.StartAsync(database.Path);
        using var anonymous = Node.Client(node, null);

        using var response = await anonymous.GetAsync(new Uri("readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_is_503_problem_once_the_postgres_database_is_dropped_while_healthz_stays_200()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var node = await Node.StartAsync(Node.PostgresUri(connection));
        try
        {
            using var anonymous = Node.Client(node, null);
            using (var before = await anonymous.GetAsync(new Uri("readyz", UriKind.Relative)))
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);

            var name = new NpgsqlConnectionStringBuilder(connection).Database;
            await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString))
            {
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            using var after = await anonymous.GetAsync(new Uri("readyz", UriKind.Relative));
            using var live = await anonymous.GetAsync(new Uri("healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
            Assert.Equal("application/problem+json", after.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await node.StopAsync(stopping.Token);
            await node.DisposeAsync();
        }
    }
}
