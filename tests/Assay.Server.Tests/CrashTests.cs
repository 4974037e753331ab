using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Assay.Demo;
using Assay.Json;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Assay.Server.Tests;

/// <summary>
/// Kills <c>assay serve</c> with SIGKILL while clients stream to it, restarts it on the same file, and
/// checks the promise of an acknowledgement: stored, processed exactly once, no flag twice.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int LinesPerBulk = 20;
    private static readonly TimeSpan s_streamFor = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task Serve_killed_mid_stream_and_restarted_keeps_every_acknowledged_interaction_processed_once()
    {
        using var database = new TempDatabase();
        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var withEmail = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        var first = StartServe(database.Path, out var firstUrl);
        try
        {
            await first.WaitUntilHealthyAsync(firstUrl);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => StreamAsync(firstUrl, c, acknowledged, withEmail, stop.Token))).ToList();
            await Task.Delay(s_streamFor);
            first.Kill();
            await stop.CancelAsync();
            var sent = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"sent {sent.Sum()} interactions, {acknowledged.Count} acknowledged before SIGKILL");
        }
        finally
        {
            first.Dispose();
        }

        Assert.False(acknowledged.IsEmpty, "nothing was acknowledged before the kill; the test proves nothing");
        using (var second = StartServe(database.Path, out var secondUrl))
        {
            await second.WaitUntilHealthyAsync(secondUrl);
            await WaitUntilProcessedAsync(database.Path, second);
        }

        await AssertEveryAcknowledgedIsStoredAsync(database.Path, acknowledged.Keys);
        AssertProcessedExactlyOnce(database.Path, withEmail.Keys.ToHashSet(StringComparer.Ordinal));
    }

    private static AssayProcess StartServe(string database, out string url)
    {
        url = $"http://127.0.0.1:{AssayProcess.FreePort()}";
        // The killed process's last claim waits out its lease before the restarted one (a new node) takes it: keep it short.
        return AssayProcess.Start("serve", "--db", database, "--urls", url, "--no-auth", "--pipeline-lease", "2");
    }

    /// <summary>Alternates single and NDJSON posts until stopped or the server dies; returns how many it sent.</summary>
    private static async Task<int> StreamAsync(string url, int client, ConcurrentDictionary<string, bool> acknowledged,
        ConcurrentDictionary<string, bool> withEmail, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var traffic = new DemoTraffic(client + 1, new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        var sent = 0;
        try
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                var bulk = round % 2 == 1;
                var batch = Enumerable.Range(0, bulk ? LinesPerBulk : 1).Select(_ => Next(traffic, client, sent++, withEmail)).ToList();
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', batch.Select(b => b.Json))));
                content.Headers.ContentType = new MediaTypeHeaderValue(bulk ? "application/x-ndjson" : "application/json");
                using var response = await http.PostAsync(new Uri("v1/interactions", UriKind.Relative), content, stop);
                if (!response.IsSuccessStatusCode)
                    continue;
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>(stop);
                if (!bulk)
                {
                    acknowledged[batch[0].Id] = true;
                    continue;
                }

                foreach (var result in answer.GetProperty("results").EnumerateArray())
                {
                    if (result.GetProperty("status").GetString() is "accepted" or "duplicate")
                        acknowledged[result.GetProperty("id").GetString()!] = true;
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            // The server was killed or the stream was stopped: what was acknowledged so far is what counts.
        }

        return sent;
    }

    /// <summary>Demo traffic with a unique id; every other interaction also leaks an email address.</summary>
    private static (string Id, string Json) Next(DemoTraffic traffic, int client, int n, ConcurrentDictionary<string, bool> withEmail)
    {
        var interaction = traffic.Next() with { Id = $"crash-{client}-{n:D6}" };
        if (n % 2 == 0)
        {
            interaction = interaction with { Response = $"{interaction.Response} Contact crash{client}.{n}@example.net." };
            withEmail[interaction.Id] = true;
        }

        return (interaction.Id, JsonSerializer.Serialize(interaction, AssayJsonContext.Default.Interaction));
    }

    private static async Task WaitUntilProcessedAsync(string database, AssayProcess server)
    {
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(database), TimeProvider.System);
        StoreCounts counts = new(0, 0, 0);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            counts = await store.CountAsync(CancellationToken.None);
            if (counts.Processed == counts.Interactions)
                return;
            Assert.False(server.HasExited, $"the restarted server exited:\n{server.Output}");
            await Task.Delay(100);
        }

        Assert.Fail($"the restarted server did not finish processing within 30 seconds: {counts}");
    }

    private static async Task AssertEveryAcknowledgedIsStoredAsync(string database, IEnumerable<string> acknowledged)
    {
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(database), TimeProvider.System);
        var missing = new List<string>();
        foreach (var id in acknowledged)
        {
            var record = await store.GetAsync(id, CancellationToken.None);
            if (record is null)
                missing.Add(id);
            else
                Assert.NotNull(record.Stored.ProcessedPolicy);
        }

        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged interactions are missing, e.g. {string.Join(", ", missing.Take(5))}");
    }

    /// <summary>Checks the file itself: every row processed, no (interaction, policy, rule) twice, one email flag where one was planted.</summary>
    private static void AssertProcessedExactlyOnce(string database, HashSet<string> withEmail)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();

        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM interactions WHERE processed_at IS NULL OR processed_policy IS NULL"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM (SELECT 1 FROM flags GROUP BY interaction_seq, policy, rule HAVING count(*) > 1)"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(DISTINCT policy) FROM flags"));

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT i.id, (SELECT count(*) FROM flags f WHERE f.interaction_seq = i.seq AND f.rule = 'pii.email')
            FROM interactions i
            """;
        using var reader = command.ExecuteReader();
        var checkedPlanted = 0;
        while (reader.Read())
        {
            var (id, emailFlags) = (reader.GetString(0), reader.GetInt64(1));
            if (withEmail.Contains(id))
            {
                Assert.True(emailFlags == 1, $"{id} has {emailFlags} pii.email flags, expected exactly one");
                checkedPlanted++;
            }
            else
            {
                Assert.InRange(emailFlags, 0, 1);
            }
        }

        Assert.True(checkedPlanted > 0, "no stored interaction had a planted email address");
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
