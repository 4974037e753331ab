using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Audit;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Policies;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Policies;

/// <summary>Policies change without a restart: upload, list, activate, the audit entries, and no interaction under two versions.</summary>
public sealed class PolicyVersionTests
{
    /// <summary>The starter policy with one more rule, which flags a marker the starter's rules never flag.</summary>
    internal static readonly string Marked = StarterPolicy.Yaml().Replace("\nrules:\n", """

        rules:
          - id: test.zebra
            category: pii-leak
            kind: regex
            field: response
            severity: high
            pattern: 'ZEBRA-7'
            description: A marker only this version knows.

        """, StringComparison.Ordinal);

    private static readonly string s_markedHash = PolicyLoader.Hash(Marked);

    [Fact]
    public async Task An_uploaded_version_runs_once_activated_and_every_step_is_listed_and_audited()
    {
        var server = await StartAsync();
        try
        {
            var (admin, adminId) = await server.KeyWithIdAsync(Role.Admin, "*");
            using var client = server.Client(admin);
            var project = ReviewAssayServer.Project();
            var starter = server.Services.GetRequiredService<LivePolicy>().Policy.Hash;

            var uploaded = await ReviewAssayServer.JsonAsync(await client.PostAsync("v1/policies?source=marked.yaml", Yaml(Marked)), HttpStatusCode.Created);
            Assert.Equal(s_markedHash, uploaded.GetProperty("hash").GetString());
            Assert.False(uploaded.GetProperty("active").GetBoolean());
            Assert.False(await FlaggedAsync(server, project, "before"), "an uploaded version does not run before it is activated");

            var activated = await ReviewAssayServer.JsonAsync(await client.PostAsync($"v1/policies/{s_markedHash}/activate", null));
            Assert.Equal(adminId, activated.GetProperty("activated_by").GetProperty("key_id").GetString());
            Assert.True(await FlaggedAsync(server, project, "after"), "the activated version's rule flags the next interaction");

            var list = await ReviewAssayServer.JsonAsync(await client.GetAsync("v1/policies"));
            var versions = list.GetProperty("policies").EnumerateArray().ToList();
            Assert.Equal([s_markedHash, starter], versions.Select(v => v.GetProperty("hash").GetString()));
            Assert.Equal([true, false], versions.Select(v => v.GetProperty("active").GetBoolean()));
            Assert.Equal("marked.yaml", versions[0].GetProperty("source").GetString());
            Assert.Equal(adminId, versions[0].GetProperty("uploaded_by").GetProperty("key_id").GetString());
            Assert.Equal(adminId, Assert.Single(versions[0].GetProperty("activations").EnumerateArray()).GetProperty("activated_by").GetProperty("key_id").GetString());
            Assert.Equal("system", Assert.Single(versions[1].GetProperty("activations").EnumerateArray()).GetProperty("activated_by").GetProperty("name").GetString());

            using var text = await client.GetAsync($"v1/policies/{s_markedHash}");
            Assert.Equal(Marked, await text.Content.ReadAsStringAsync());

            var audit = await server.Services.GetRequiredService<IAuditStore>().QueryAsync(
                new AuditQuery(null, null, null, $"policy:{s_markedHash}", null, 100), CancellationToken.None);
            var steps = audit.Items.Where(e => e.Kind.StartsWith("policy.", StringComparison.Ordinal)).ToList();
            Assert.Equal(["policy.uploaded", "policy.activated"], steps.Select(e => e.Kind));
            Assert.All(steps, e => Assert.Equal(adminId, e.Actor.KeyId));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_upload_with_errors_answers_each_with_line_and_column_and_stores_nothing()
    {
        var server = await StartAsync();
        try
        {
            using var client = server.Client(await server.KeyAsync(Role.Admin, "*"));
            var broken = Marked.Replace("pattern: 'ZEBRA-7'", "pattern: '(unclosed'", StringComparison.Ordinal);

            using var answer = await client.PostAsync("v1/policies", Yaml(broken));

            var problem = await ReviewAssayServer.JsonAsync(answer, HttpStatusCode.BadRequest);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var error = problem.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("severity").GetString() == "error");
            var line = broken.Split('\n').Select((text, i) => (text, i)).First(l => l.text.Contains("(unclosed", StringComparison.Ordinal)).i + 1;
            Assert.Equal(line, error.GetProperty("line").GetInt32());
            Assert.True(error.GetProperty("column").GetInt32() > 0);
            Assert.Contains($"line {line}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Single((await ReviewAssayServer.JsonAsync(await client.GetAsync("v1/policies"))).GetProperty("policies").EnumerateArray());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_problems_and_a_projects_admin_cannot_change_the_policy()
    {
        var server = await StartAsync();
        try
        {
            using var admin = server.Client(await server.KeyAsync(Role.Admin, "*"));
            using var projectAdmin = server.Client(await server.KeyAsync(Role.Admin, ReviewAssayServer.Project()));
            var starter = server.Services.GetRequiredService<LivePolicy>().Policy.Hash;

            await ExpectAsync(HttpStatusCode.Forbidden, await projectAdmin.PostAsync("v1/policies", Yaml(Marked)));
            await ExpectAsync(HttpStatusCode.Forbidden, await projectAdmin.PostAsync($"v1/policies/{starter}/activate", null));
            await ExpectAsync(HttpStatusCode.NotFound, await admin.PostAsync($"v1/policies/{new string('a', 64)}/activate", null));
            await ExpectAsync(HttpStatusCode.BadRequest, await admin.PostAsync("v1/policies/not-a-hash/activate", null), "hash");
            await ExpectAsync(HttpStatusCode.BadRequest, await admin.PostAsync("v1/policies", Yaml("")));
            await ExpectAsync(HttpStatusCode.BadRequest, await admin.PostAsync("v1/policies?color=red", Yaml(Marked)), "color");
            await ExpectAsync(HttpStatusCode.BadRequest, await admin.GetAsync("v1/policies?cursor=zzz"), "cursor");
            await ExpectAsync(HttpStatusCode.RequestEntityTooLarge, await admin.PostAsync("v1/policies", Yaml(new string('#', PolicyEndpoints.MaxPolicyBytes + 1))));
            using (var form = new ByteArrayContent("x=1"u8.ToArray()))
            {
                form.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                await ExpectAsync(HttpStatusCode.UnsupportedMediaType, await admin.PostAsync("v1/policies", form));
            }

            using (var invalidUtf8 = new ByteArrayContent([0x61, 0x3a, 0x20, 0xff, 0xfe]))
                await ExpectAsync(HttpStatusCode.BadRequest, await admin.PostAsync("v1/policies", invalidUtf8));

            Assert.Single((await ReviewAssayServer.JsonAsync(await admin.GetAsync("v1/policies"))).GetProperty("policies").EnumerateArray());
            Assert.Equal(starter, server.Services.GetRequiredService<LivePolicy>().Policy.Hash);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Under_load_each_interaction_is_processed_under_one_version_and_those_sent_after_the_activation_under_the_new_one()
    {
        var server = await StartAsync();
        try
        {
            using var admin = server.Client(await server.KeyAsync(Role.Admin, "*"));
            var project = ReviewAssayServer.Project();
            using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));
            var starter = server.Services.GetRequiredService<LivePolicy>().Policy.Hash;
            await ReviewAssayServer.JsonAsync(await admin.PostAsync("v1/policies", Yaml(Marked)), HttpStatusCode.Created);

            using var stop = new CancellationTokenSource();
            var sent = 0;
            var after = new List<string>();
            var activated = false;
            var load = Task.Run(async () =>
            {
                // Bounded: at most 400 batches, and it stops once the activation is in and 20 more batches are sent.
                for (var batch = 0; batch < 400 && !stop.IsCancellationRequested; batch++)
                {
                    var sentAfterActivation = Volatile.Read(ref activated);
                    var ids = Enumerable.Range(0, 10).Select(_ => Some.Id("load")).ToList();
                    var lines = ids.Select(id => (JsonNode)ReviewAssayServer.Interaction(id, project, "Reach me at ZEBRA-7, or a@example.com."));
                    using var content = new StringContent(Some.Ndjson(lines), new MediaTypeHeaderValue("application/x-ndjson"));
                    using var answer = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
                    Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
                    Interlocked.Add(ref sent, ids.Count);
                    if (sentAfterActivation)
                    {
                        after.AddRange(ids);
                        if (after.Count >= 200)
                            return;
                    }
                }
            });

            while (Volatile.Read(ref sent) < 200 && !load.IsCompleted)
                await Task.Delay(10);
            await ReviewAssayServer.JsonAsync(await admin.PostAsync($"v1/policies/{s_markedHash}/activate", null));
            Volatile.Write(ref activated, true);
            await load.WaitAsync(TimeSpan.FromSeconds(60));
            await server.WaitUntilAllProcessedAsync();

            // Every interaction's processed mark, routing and flags name one version, and both versions ran.
            var rows = await server.RowsAsync("""
                SELECT i.id, i.processed_policy,
                       (SELECT count(DISTINCT f.policy) FROM flags f WHERE f.interaction_seq = i.seq),
                       (SELECT min(f.policy) FROM flags f WHERE f.interaction_seq = i.seq),
                       (SELECT r.policy FROM routing r WHERE r.interaction_seq = i.seq)
                FROM interactions i
                """);
            Assert.True(rows.Count >= 400, $"{rows.Count} interactions");
            Assert.All(rows, r =>
            {
                Assert.Equal(1L, r[2]);
                Assert.Equal(r[1], r[3]);
                Assert.Equal(r[1], r[4]);
            });
            var byVersion = rows.GroupBy(r => (string)r[1]).ToDictionary(g => g.Key, g => g.Count());
            Assert.True(byVersion.GetValueOrDefault(starter) > 0 && byVersion.GetValueOrDefault(s_markedHash) > 0, string.Join(", ", byVersion));
            var afterSet = after.ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(afterSet);
            Assert.All(rows.Where(r => afterSet.Contains((string)r[0])), r => Assert.Equal(s_markedHash, r[1]));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_node_on_the_same_database_follows_an_activation_and_a_restart_keeps_it()
    {
        var first = await StartAsync();
        var second = new FollowingServer(first.DatabasePath);
        try
        {
            await second.InitializeAsync();
            using var admin = first.Client(await first.KeyAsync(Role.Admin, "*"));
            await ReviewAssayServer.JsonAsync(await admin.PostAsync("v1/policies", Yaml(Marked)), HttpStatusCode.Created);
            await ReviewAssayServer.JsonAsync(await admin.PostAsync($"v1/policies/{s_markedHash}/activate", null));

            var live = second.Services.GetRequiredService<LivePolicy>();
            for (var attempt = 0; attempt < 100 && live.Policy.Hash != s_markedHash; attempt++)
                await Task.Delay(50);
            Assert.Equal(s_markedHash, live.Policy.Hash);

            // Started again without --policy, a node runs what the database says runs, not the starter policy.
            await second.RestartAsync();
            Assert.Equal(s_markedHash, second.Services.GetRequiredService<LivePolicy>().Policy.Hash);
        }
        finally
        {
            await second.StopAsync();
            await first.DisposeAsync();
        }
    }

    private static async Task<ReviewAssayServer> StartAsync()
    {
        var server = new ReviewAssayServer();
        await server.InitializeAsync();
        return server;
    }

    private static StringContent Yaml(string text) => new(text, new MediaTypeHeaderValue("application/yaml"));

    /// <summary>Ingests one interaction with the marker and says whether the marker's rule flagged it.</summary>
    private static async Task<bool> FlaggedAsync(ReviewAssayServer server, string project, string name)
    {
        var id = Some.Id(name);
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));
        using var content = new StringContent(ReviewAssayServer.Interaction(id, project, "Call ZEBRA-7.").ToJsonString(), new MediaTypeHeaderValue("application/json"));
        using var answer = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        await server.WaitUntilAllProcessedAsync();
        return await server.ScalarAsync<long>("SELECT count(*) FROM flags f JOIN interactions i ON i.seq = f.interaction_seq WHERE i.id = $p0 AND f.rule = 'test.zebra'", id) == 1;
    }

    private static async Task ExpectAsync(HttpStatusCode status, HttpResponseMessage response, string? parameter = null)
    {
        using (response)
        {
            var problem = await ReviewAssayServer.JsonAsync(response, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (parameter is not null)
                Assert.Equal(parameter, problem.GetProperty("errors")[0].GetProperty("parameter").GetString());
        }
    }

    /// <summary>A second node on another server's SQLite file, reading the active version every 100 ms.</summary>
    private sealed class FollowingServer(string path) : AssayTestServer
    {
        protected override AssayServerOptions Configure(AssayServerOptions options) =>
            options with { DatabasePath = path, PolicyPoll = TimeSpan.FromMilliseconds(100), RunPipeline = false };
    }
}
