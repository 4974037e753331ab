using Assay.Cli.Commands.Replay;
using Assay.Demo;
using Assay.Detection.Consistency;
using Assay.Ingest;
using Assay.Policy;
using Assay.Storage;
using Assay.Storage.Sqlite;

namespace Assay.Server.Tests;

/// <summary>Replay over interactions Assay drew samples for: the stored samples are judged again, so the record is reproduced.</summary>
public sealed class ReplayDrawnSamplesTests
{
    [Fact]
    public async Task Replay_judges_stored_drawn_samples_again_and_finds_the_record_identical()
    {
        using var database = new TempDatabase();
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(database.Path), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var traffic = new DemoTraffic(seed: 12, DateTimeOffset.UtcNow.AddHours(-1));
        await store.AppendAsync([.. Enumerable.Range(0, 50).Select(_ => InteractionParser.Canonicalise(traffic.Next()))], CancellationToken.None);
        var policy = StarterPolicy.Load();
        var pipeline = PipelineFactory.Create(policy);
        await store.CompleteAsync([.. (await store.ReadUnprocessedAsync(100, CancellationToken.None)).Select(pipeline.Process)], CancellationToken.None);

        // As the sampler does: samples that contradict the response, judged and stored with their flag.
        var unflagged = (await store.RecordedAsync(0, 100, CancellationToken.None)).Where(r => r.Flags.Count == 0 && r.Routing is { Selected: false }).Select(r => r.Sequence).ToHashSet();
        var target = (await store.ReadAsync(0, 100, CancellationToken.None)).First(s => s.Interaction.Samples.Count == 0 && unflagged.Contains(s.Sequence));
        IReadOnlyList<string> samples = ["Bananas are yellow and grow in bunches on large plants.", "Trains in Japan run on time almost every day of the year."];
        var detector = new SelfConsistencyDetector(policy.Hash);
        var score = SelfAgreement.Score(target.Interaction.Response, samples, detector.Options);
        var flag = detector.JudgeDrawn(target.Interaction.Response, score, "judge-model");
        Assert.NotNull(flag);
        var reroute = pipeline.Reroute(target.Interaction, [flag with { Policy = policy.Hash }]);
        await store.RecordDrawnAsync(target.Sequence, SelfAgreementRecord.From(SampleSource.Drawn, target.Interaction.ModelKey, score, detector.Options.MinSentenceSupport, samples, "judge-model"), flag, reroute, CancellationToken.None);
        var recorded = (await store.RecordedAsync(target.Sequence - 1, 1, CancellationToken.None))[0];
        // The late flag routed the unflagged, undrawn interaction to review, as it would have been had the flag come first.
        Assert.Equal(Assay.Routing.Tier.Flagged, recorded.Routing!.Tier);
        Assert.True(recorded.Routing.Selected);
        Assert.Contains(recorded.Flags, f => f.Rule == SelfConsistencyDetector.RuleId && f.Explanation.EndsWith("Samples drawn by Assay from judge-model.", StringComparison.Ordinal));
        Assert.Equal("judge-model", recorded.SelfAgreement!.DrawnBy);

        var diff = await Replayer.RunAsync(store, pipeline, CancellationToken.None);

        Assert.True(diff.Identical, ReplayReport.Table(diff));
        Assert.Equal(50, diff.Compared);
    }
}
