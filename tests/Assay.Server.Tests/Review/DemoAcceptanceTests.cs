using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Assay.Cli.Commands.Replay;
using Assay.Demo;
using Assay.Domain;
using Assay.Json;
using Assay.Policy;
using Assay.Routing;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Review;

/// <summary>Issue 4's acceptance on 10,000 demo interactions: critical items queued, the audit rate honoured, and replay reproducing the selection.</summary>
public sealed class DemoAcceptanceTests : IAsyncLifetime
{
    private const int Count = 10_000;
    private readonly AssayTestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Demo_traffic_queues_every_critical_item_audits_at_the_configured_rate_and_replays_identically()
    {
        await IngestDemoAsync();
        await WaitUntilProcessedAsync(TimeSpan.FromSeconds(120));
        var (interactions, recorded) = await ReadAllAsync();
        var tasks = await TaskInteractionIdsAsync();
        var policy = StarterPolicy.Load();

        var critical = interactions.Where(i => IsCritical(i, recorded[i.Sequence])).ToList();
        Assert.True(critical.Count > 100, $"only {critical.Count} critical items in {Count}");
        Assert.All(critical, i =>
        {
            Assert.Contains(i.Interaction.Id, tasks);
            Assert.Equal(Tier.Critical, recorded[i.Sequence].Routing!.Tier);
            Assert.Equal(1.0, recorded[i.Sequence].Routing!.InclusionProbability);
        });

        var unflagged = interactions.Where(i => recorded[i.Sequence].Flags.Count == 0 && !IsCritical(i, recorded[i.Sequence])).ToList();
        var audited = unflagged.Count(i => recorded[i.Sequence].Routing!.Tier == Tier.Audit);
        var rate = policy.Routing.AuditRate;
        var share = (double)audited / unflagged.Count;
        var standardError = Math.Sqrt(rate * (1 - rate) / unflagged.Count);
        Assert.True(Math.Abs(share - rate) <= 3 * standardError,
            $"audit share {share:0.0000} ({audited} of {unflagged.Count}) is more than three standard errors ({standardError:0.0000}) from {rate}");
        Assert.All(unflagged, i => Assert.Contains(recorded[i.Sequence].Routing!.Tier, new[] { Tier.Audit, Tier.None }));
        Assert.Equal(recorded.Values.Where(r => r.Routing!.Selected).Select(r => r.InteractionId).ToHashSet(), tasks);

        var clock = Stopwatch.StartNew();
        var diff = await Replayer.RunAsync(_server.Store, PipelineFactory.Create(policy), CancellationToken.None);
        clock.Stop();

        Assert.True(diff.Identical, ReplayReport.Table(diff));
        Assert.Equal(Count, diff.Compared);
        Assert.Equal(0, diff.NewlySelectedCount + diff.NoLongerSelectedCount);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"replay of {Count} took {clock.Elapsed}");
    }

    private static bool IsCritical(StoredInteraction stored, RecordedProcessing recorded) =>
        string.Equals(stored.Interaction.Metadata.Risk, "high", StringComparison.OrdinalIgnoreCase)
        || recorded.Flags.Any(f => f.Rule.StartsWith("unsafe.", StringComparison.Ordinal) || f.Severity == Severity.Critical);

    private async Task IngestDemoAsync()
    {
        var traffic = new DemoTraffic(seed: 4, DateTimeOffset.UtcNow.AddHours(-3));
        for (var sent = 0; sent < Count; sent += 2_000)
        {
            var body = new StringBuilder();
            for (var i = 0; i < 2_000; i++)
                body.Append(JsonSerializer.Serialize(traffic.Next(), AssayJsonContext.Default.Interaction)).Append('\n');
            using var content = new StringContent(body.ToString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var answer = await _server.Http.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        }
    }

    private async Task WaitUntilProcessedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        StoreCounts counts;
        do
        {
            counts = await _server.Store.CountAsync(CancellationToken.None);
            if (counts.Interactions == Count && counts.Processed == Count)
                return;
            await Task.Delay(200);
        }
        while (clock.Elapsed < timeout);
        Assert.Fail($"the pipeline processed {counts.Processed} of {counts.Interactions} within {timeout}");
    }

    private async Task<(List<StoredInteraction> Interactions, Dictionary<long, RecordedProcessing> Recorded)> ReadAllAsync()
    {
        var interactions = new List<StoredInteraction>();
        var recorded = new Dictionary<long, RecordedProcessing>();
        long after = 0;
        for (var page = 0; page <= Count / 1000; page++)
        {
            var read = await _server.Store.ReadAsync(after, 1000, CancellationToken.None);
            if (read.Count == 0)
                break;
            interactions.AddRange(read);
            foreach (var r in await _server.Store.RecordedAsync(after, 1000, CancellationToken.None))
                recorded[r.Sequence] = r;
            after = read[^1].Sequence;
        }

        Assert.Equal(Count, interactions.Count);
        Assert.All(recorded.Values, r => Assert.NotNull(r.Routing));
        return (interactions, recorded);
    }

    private async Task<HashSet<string>> TaskInteractionIdsAsync()
    {
        await using var connection = await _server.Services.GetRequiredService<SqliteDatabase>().OpenReaderAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT i.id FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(reader.GetString(0));
        return ids;
    }
}
