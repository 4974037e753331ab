using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Assay.Audit;
using Assay.Review;
using Assay.Server.Election;
using Assay.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Audit;

/// <summary>
/// The audit log's timed entries and exports, on one node at a time (leader role <see cref="Leadership.Audit"/>): each
/// expired key's <c>key.expired</c> entry, and the anchors.
/// </summary>
/// <remarks>
/// A chain proves that no entry was changed, but not that none was cut from its end: an intact chain of 90 entries looks
/// like one of 100 whose last 10 were deleted. An anchor is the head (sequence number and hash) written somewhere the
/// database's operators cannot rewrite — the server's log, a webhook — so that <c>assay audit verify --anchor SEQ:HASH</c>
/// can later show the log still holds that entry unchanged. Anchors are sent even when the head has not moved: a gap in
/// them is itself a sign. Expiry is logged by this worker rather than when an expired key is presented, so that it costs
/// nothing per request and is logged once whether or not anyone tries the key.
/// </remarks>
internal sealed class AuditWorker(
    IAuditStore audit, IReviewStore keys, AuditOptions options, TimeProvider time, ILogger<AuditWorker> logger, LeaderElection election, Leadership node)
    : BackgroundService
{
    private static readonly TimeSpan s_webhookTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await election.RunAsync(LeadAsync, stoppingToken);
    }

    private async Task LeadAsync(CancellationToken term)
    {
        using var http = new HttpClient { Timeout = s_webhookTimeout };
        var logged = new HashSet<string>(StringComparer.Ordinal);
        var nextAnchor = time.GetUtcNow();
        while (!term.IsCancellationRequested)
        {
            try
            {
                await LogExpiredKeysAsync(logged, term);
                if (options.AnchorInterval is { } interval && time.GetUtcNow() >= nextAnchor)
                {
                    await AnchorAsync(http, term);
                    nextAnchor = time.GetUtcNow() + interval;
                }
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep the worker alive: the next period tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                AuditLog.Failed(logger, e.Message);
            }

            var wait = options.AnchorInterval is { } every && every < options.KeyExpiryPoll ? every : options.KeyExpiryPoll;
            await Task.Delay(wait, time, term).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Appends <c>key.expired</c> once for each key past its expiry, not revoked before it.</summary>
    /// <remarks>
    /// Whether a key's entry is there is asked of the log itself (by the key's subject), so a new leader does not log a key
    /// twice; <paramref name="logged"/> only spares the question on later periods.
    /// </remarks>
    private async Task LogExpiredKeysAsync(HashSet<string> logged, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        string? after = null;
        while (true)
        {
            var page = await keys.ListKeysAsync(ApiKey.AllProjects, after, 500, cancellationToken);
            foreach (var key in page)
            {
                if (!key.IsExpired(now) || (key.RevokedAt is { } revoked && revoked <= key.ExpiresAt) || logged.Contains(key.KeyId))
                    continue;
                var history = await audit.QueryAsync(new AuditQuery(null, null, null, $"key:{key.KeyId}", null, 1000), cancellationToken);
                if (!history.Items.Any(e => e.Kind == "key.expired"))
                    await audit.AppendAsync(AuditRecords.KeyExpired(key.KeyId, key.ExpiresAt!.Value), cancellationToken);
                logged.Add(key.KeyId);
            }

            if (page.Count < 500)
                return;
            after = page[^1].KeyId;
        }
    }

    private async Task AnchorAsync(HttpClient http, CancellationToken cancellationToken)
    {
        if (await audit.HeadAsync(cancellationToken) is not { } head)
            return;
        var now = time.GetUtcNow();
        AuditLog.Anchor(logger, head.Seq, head.Hash, now);
        if (options.Webhook is not { } webhook)
            return;
        try
        {
            using var response = await http.PostAsJsonAsync(webhook, new AnchorMessage(head.Seq, head.Hash, AuditChain.FormatTime(head.Time),
                AuditChain.FormatTime(now), node.NodeId), AuditAnchorJsonContext.Default.AnchorMessage, cancellationToken);
            if (!response.IsSuccessStatusCode)
                AuditLog.WebhookFailed(logger, webhook.GetLeftPart(UriPartial.Path), head.Seq, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            AuditLog.WebhookFailed(logger, webhook.GetLeftPart(UriPartial.Path), head.Seq, e.Message);
        }
    }
}

/// <summary>What an anchor webhook receives: the head entry's sequence number, hash and time, when it was sent and by which node.</summary>
internal sealed record AnchorMessage(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("entry_time")] string EntryTime,
    [property: JsonPropertyName("sent_at")] string SentAt,
    [property: JsonPropertyName("node")] string Node);

[JsonSerializable(typeof(AnchorMessage))]
internal sealed partial class AuditAnchorJsonContext : JsonSerializerContext;
