using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Storage.Postgres;
using Assay.Storage.Tests.Postgres;
using Npgsql;
using static Assay.Server.Tests.Postgres.FailoverNodes;

namespace Assay.Server.Tests.Postgres;

/// <summary>Three <c>assay serve</c> processes started at the same moment on an empty PostgreSQL database: one migrates, the others wait, all serve.</summary>
[Collection(ChildProcesses.Name)]
public sealed class ConcurrentStartTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("assay-concurrent-start-");

    [Fact]
    public async Task Three_nodes_started_at_once_on_an_empty_database_migrate_it_once_and_all_become_ready_and_ingest()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var uri = Uri(connection);
        var policy = WritePolicy(_folder);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var nodes = new List<ServeNode>();
        try
        {
            // Started back to back, so that their migrations overlap: each process takes about a second to reach its database.
            for (var n = 0; n < 3; n++)
                nodes.Add(ServeNode.Start(uri, policy, _folder.FullName, Retry));
            await Task.WhenAll(nodes.Select(n => n.WaitReadyAsync(http, TimeSpan.FromSeconds(90))));

            await using var database = NpgsqlDataSource.Create(connection);
            var versions = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var command = database.CreateCommand("SELECT module, version FROM schema_migrations"))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                    versions.Add(reader.GetString(0), reader.GetInt32(1));
            }

            Assert.Equal(PostgresSchema.Modules.ToDictionary(m => m.Module, m => m.Steps.Length), versions);
            foreach (var (node, n) in nodes.Select((node, n) => (node, n)))
            {
                using var posted = await http.PostAsJsonAsync(new Uri($"{node.Url}/v1/interactions"), Some.Interaction($"start-{n}"));
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
                Assert.Equal("accepted", (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
            }

            await using var processed = database.CreateCommand("SELECT count(*) FROM interactions WHERE processed_at IS NOT NULL");
            await UntilAsync(async () => (long)(await processed.ExecuteScalarAsync())! == 3, TimeSpan.FromSeconds(30), "the nodes did not process what they took");
            Assert.All(nodes, n => Assert.False(n.HasExited, n.Output));
        }
        finally
        {
            foreach (var node in nodes)
                node.Dispose();
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
