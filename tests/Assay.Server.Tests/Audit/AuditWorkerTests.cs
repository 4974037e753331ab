using System.Text.Json;
using Assay.Audit;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Audit;
using Assay.Server.Tests.Monitoring;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Audit;

/// <summary>What the server writes to the audit log by itself (policy activation at start, key expiry) and its anchors.</summary>
public sealed class AuditWorkerTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_start_logs_the_policy_it_activated()
    {
        await using var server = await AuditedServer.StartAsync(new AuditOptions(null, null, TimeSpan.FromMinutes(1)));
        var hash = server.Services.GetRequiredService<PolicyDocument>().Hash;

        var entries = await server.Audit.QueryAsync(new AuditQuery(null, null, null, $"policy:{hash}", null, 100), CancellationToken.None);

        var activated = Assert.Single(entries.Items);
        Assert.Equal("policy.activated", activated.Kind);
        Assert.Equal("system", activated.Actor.Name);
        Assert.Equal("starter policy", JsonDocument.Parse(activated.Payload).RootElement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Anchors_post_the_head_to_the_webhook_and_each_names_an_entry_the_log_holds_unchanged()
    {
        await using var hook = await WebhookReceiver.StartAsync(failures: 1);
        await using var server = await AuditedServer.StartAsync(new AuditOptions(TimeSpan.FromMilliseconds(200), hook.Url, TimeSpan.FromMinutes(1)));

        // The first POST is refused (500): the worker logs it and sends the next anchor on time.
        var deadline = DateTime.UtcNow + s_wait;
        while (hook.Bodies.Count < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        Assert.True(hook.Bodies.Count >= 2, $"{hook.Bodies.Count} anchor(s) within {s_wait}");
        foreach (var body in hook.Bodies)
        {
            var anchor = JsonDocument.Parse(body).RootElement;
            var seq = anchor.GetProperty("seq").GetInt64();
            Assert.Equal(await server.Audit.HashAtAsync(seq, CancellationToken.None), anchor.GetProperty("hash").GetString());
            Assert.False(string.IsNullOrEmpty(anchor.GetProperty("node").GetString()));
            Assert.Null(AuditChain.CheckAnchor(seq, anchor.GetProperty("hash").GetString()!, s => server.Audit.HashAtAsync(s, CancellationToken.None).GetAwaiter().GetResult()));
        }
    }

    [Fact]
    public async Task An_expired_key_is_logged_once_and_a_key_revoked_before_its_expiry_never()
    {
        await using var server = await AuditedServer.StartAsync(new AuditOptions(null, null, TimeSpan.FromMilliseconds(100)));
        var keys = server.Services.GetRequiredService<IReviewStore>();
        var soon = DateTimeOffset.UtcNow.AddMilliseconds(600);
        var (_, expiring, expiringHash) = ApiKeySecrets.Create();
        var (_, revoked, revokedHash) = ApiKeySecrets.Create();
        await keys.CreateKeyAsync(new ApiKey(expiring, "expiring", Role.Reviewer, "p", DateTimeOffset.UtcNow, null, soon), expiringHash, CancellationToken.None);
        await keys.CreateKeyAsync(new ApiKey(revoked, "revoked", Role.Reviewer, "p", DateTimeOffset.UtcNow, null, soon), revokedHash, CancellationToken.None);
        await keys.RevokeKeyAsync(revoked, DateTimeOffset.UtcNow, CancellationToken.None);

        var deadline = DateTime.UtcNow + s_wait;
        while ((await KindsAsync(server, expiring)).Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        // Ten more periods: a second entry would have been written by now.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var logged = Assert.Single(await KindsAsync(server, expiring));
        Assert.Equal("key.expired", logged.Kind);
        Assert.Equal(AuditChain.FormatTime(soon), JsonDocument.Parse(logged.Payload).RootElement.GetProperty("expired_at").GetString());
        Assert.Empty(await KindsAsync(server, revoked));
    }

    private static async Task<List<AuditEntry>> KindsAsync(AuditedServer server, string keyId) =>
        [.. (await server.Audit.QueryAsync(new AuditQuery(null, null, null, $"key:{keyId}", null, 100), CancellationToken.None)).Items];

    /// <summary>A test server with the given audit options.</summary>
    private sealed class AuditedServer(AuditOptions audit) : AssayTestServer, IAsyncDisposable
    {
        public IAuditStore Audit => Services.GetRequiredService<IAuditStore>();

        public static async Task<AuditedServer> StartAsync(AuditOptions audit)
        {
            var server = new AuditedServer(audit);
            await server.InitializeAsync();
            return server;
        }

        protected override AssayServerOptions Configure(AssayServerOptions options) => options with { Audit = audit };

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
