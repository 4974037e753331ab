using Assay.Demo;
using Assay.Domain;
using Assay.Ingest;
using Assay.Server.Monitoring;
using Assay.Storage;
using Assay.Storage.Sqlite;

namespace Assay.Server.Tests.Monitoring;

public sealed class FeatureBufferTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RefreshAsync_keeps_the_minute_index_in_step_with_the_features_and_trims_both_by_age()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_start);
        await using var interactions = new SqliteInteractionStore(database, clock);
        // One interaction a second for 30 minutes.
        var traffic = new DemoTraffic(1, s_start, gap: TimeSpan.FromSeconds(1));
        var batch = Enumerable.Range(0, 1800).Select(_ => InteractionParser.Canonicalise(traffic.Next())).ToList();
        await interactions.AppendAsync(batch, CancellationToken.None);
        var pending = await interactions.ReadUnprocessedAsync(1800, CancellationToken.None);
        await interactions.CompleteAsync([.. pending.Select(p => new ProcessingResult(p.Sequence, "policy", [], []))], CancellationToken.None);
        var buffer = new FeatureBuffer(interactions, TimeSpan.FromMinutes(10));

        var now = s_start.AddMinutes(30);
        await buffer.RefreshAsync(now, CancellationToken.None);
        AssertKept(buffer, now - TimeSpan.FromMinutes(10), now);

        // Five minutes on, nothing new: the oldest five minutes go, from the list and from the index alike.
        now += TimeSpan.FromMinutes(5);
        await buffer.RefreshAsync(now, CancellationToken.None);
        AssertKept(buffer, now - TimeSpan.FromMinutes(10), s_start.AddMinutes(30));
    }

    private static void AssertKept(FeatureBuffer buffer, DateTimeOffset from, DateTimeOffset to)
    {
        var expected = (int)(to - from).TotalSeconds;
        Assert.Equal(expected, buffer.Features.Count);
        Assert.All(buffer.Features, f => Assert.InRange(f.Timestamp!.Value, from, to));
        // Still in the order read (sequence order, here also time order).
        Assert.Equal(buffer.Features.OrderBy(f => f.Timestamp).Select(f => f.Id), buffer.Features.Select(f => f.Id));
        Assert.Equal(expected, buffer.Minutes.Count);
        var indexed = new List<Assay.Monitoring.InteractionFeatures>();
        buffer.Minutes.CopyTo(indexed, from.AddDays(-1), to.AddDays(1));
        Assert.Equal(buffer.Features.Select(f => f.Id), indexed.Select(f => f.Id));
        Assert.Empty(buffer.Minutes.Before(from));
    }
}
