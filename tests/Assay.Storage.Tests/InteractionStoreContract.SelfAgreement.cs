using Assay.Detection.Consistency;

namespace Assay.Storage.Tests;

/// <summary>The self-agreement side of the contract: scores stored with processing and by the sampler.</summary>
public abstract partial class InteractionStoreContract
{
    private static SelfAgreementRecord Client(double score) =>
        new(SampleSource.Client, "atlas@2026-10-01", SelfAgreementMethod.SentenceOverlap, 3, score, score < 0.4 ? 1 : 0);

    [Fact]
    public async Task CompleteAsync_stores_the_client_score_and_RecordedAsync_and_SelfAgreementAsync_return_it()
    {
        await Store.AppendAsync([Some.Parsed(at: Some.Noon), Some.Parsed(at: Some.Noon.AddMinutes(1))], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(1) with { SelfAgreement = Client(0.25) }, Some.Result(2)], CancellationToken.None);

        var recorded = await Store.RecordedAsync(0, 10, CancellationToken.None);
        Assert.Equal(0.25, recorded[0].SelfAgreement!.Score);
        Assert.Equal(1, recorded[0].SelfAgreement!.UnsupportedSentences);
        Assert.Null(recorded[1].SelfAgreement);

        var stored = await Store.SelfAgreementAsync(Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None);
        var only = Assert.Single(stored);
        Assert.Equal(Some.Noon, only.OccurredAt);
        Assert.Equal("support-bot", only.Project);
        Assert.Equal(Client(0.25), only.Record with { Samples = null });
    }

    [Fact]
    public async Task SelfAgreementAsync_filters_by_time_and_project_and_keeps_not_scored_as_NaN()
    {
        await Store.AppendAsync([Some.Parsed(at: Some.Noon), Some.Parsed(at: Some.Noon.AddHours(2))], CancellationToken.None);
        var notScored = new SelfAgreementRecord(SampleSource.Client, "atlas@2026-10-01", SelfAgreementMethod.None, 2, double.NaN, 0);
        await Store.CompleteAsync([Some.Result(1) with { SelfAgreement = notScored }, Some.Result(2) with { SelfAgreement = Client(0.9) }], CancellationToken.None);

        var first = Assert.Single(await Store.SelfAgreementAsync(Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None));
        Assert.True(double.IsNaN(first.Record.Score));
        Assert.Equal(SelfAgreementMethod.None, first.Record.Method);
        Assert.Equal(2, (await Store.SelfAgreementAsync(Some.Noon, Some.Noon.AddHours(3), "support-bot", CancellationToken.None)).Count);
        Assert.Empty(await Store.SelfAgreementAsync(Some.Noon, Some.Noon.AddHours(3), "another-project", CancellationToken.None));
    }

    [Fact]
    public async Task RecordDrawnAsync_stores_samples_and_flag_under_the_processed_policy_and_replaces_on_repeat()
    {
        var first = Some.Parsed();
        await Store.AppendAsync([first, Some.Parsed()], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(1, Some.Flag("pii.email")), Some.Result(2)], CancellationToken.None);
        Assert.Equal(0, await Store.LastDrawnSequenceAsync(CancellationToken.None));

        var drawn = new SelfAgreementRecord(SampleSource.Drawn, "atlas@2026-10-01", SelfAgreementMethod.ShortAnswer, 2, 0.0, 0, ["Lyon.", "Marseille."]);
        var flag = Some.Flag("consistency.low-self-agreement", "hallucination", policy: "policy-a");
        await Store.RecordDrawnAsync(1, drawn, flag, null, CancellationToken.None);
        await Store.RecordDrawnAsync(1, drawn with { Score = 0.5 }, flag, null, CancellationToken.None);

        var recorded = (await Store.RecordedAsync(0, 10, CancellationToken.None))[0];
        Assert.Equal(["hallucination", "pii-leak"], recorded.Flags.Select(f => f.Category).Order(StringComparer.Ordinal));
        Assert.Equal(0.5, recorded.SelfAgreement!.Score);
        Assert.Equal(["Lyon.", "Marseille."], recorded.SelfAgreement.Samples!);
        Assert.Equal(1, await Store.LastDrawnSequenceAsync(CancellationToken.None));
        var record = (await Store.GetAsync(first.Interaction.Id, CancellationToken.None))!;
        Assert.Equal(SampleSource.Drawn, Assert.Single(record.SelfAgreement).Source);
        Assert.Contains(record.Flags, f => f.Category == "hallucination");
        Assert.Single(await Store.SelfAgreementAsync(Some.Noon.AddDays(-1), Some.Noon.AddDays(1), null, CancellationToken.None));
    }

    [Fact]
    public async Task RecordedAsync_prefers_the_client_score_to_a_drawn_one()
    {
        await Store.AppendAsync([Some.Parsed()], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(1) with { SelfAgreement = Client(0.8) }], CancellationToken.None);
        await Store.RecordDrawnAsync(1, Client(0.1) with { Source = SampleSource.Drawn, Samples = ["a", "b", "c"] }, null, null, CancellationToken.None);

        Assert.Equal(0.8, (await Store.RecordedAsync(0, 10, CancellationToken.None))[0].SelfAgreement!.Score);
        Assert.Equal(2, (await Store.SelfAgreementAsync(Some.Noon.AddDays(-1), Some.Noon.AddDays(1), null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RecordDrawnAsync_on_an_unprocessed_interaction_throws_and_stores_nothing()
    {
        await Store.AppendAsync([Some.Parsed()], CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.RecordDrawnAsync(1, Client(0.1) with { Source = SampleSource.Drawn }, null, null, CancellationToken.None));
        Assert.Equal(0, await Store.LastDrawnSequenceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DrawnTokensSinceAsync_sums_what_drawn_samples_recorded_since_then_cost()
    {
        await Store.AppendAsync([Some.Parsed(), Some.Parsed(), Some.Parsed()], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(1) with { SelfAgreement = Client(0.9) }, Some.Result(2), Some.Result(3)], CancellationToken.None);
        var drawn = Client(0.9) with { Source = SampleSource.Drawn, Samples = ["a", "b"], DrawnBy = "m" };
        await Store.RecordDrawnAsync(2, drawn with { Tokens = 120 }, null, null, CancellationToken.None);
        await Store.RecordDrawnAsync(3, drawn with { Tokens = 30 }, null, null, CancellationToken.None);

        Assert.Equal(150, await Store.DrawnTokensSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await Store.DrawnTokensSinceAsync(DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
        var record = (await Store.RecordedAsync(1, 1, CancellationToken.None))[0].SelfAgreement!;
        Assert.Equal((120L, "m"), (record.Tokens!.Value, record.DrawnBy));
    }

    [Fact]
    public async Task DrawnSinceAsync_lists_the_sequences_drawn_for_since_then()
    {
        await Store.AppendAsync([Some.Parsed(), Some.Parsed()], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(1), Some.Result(2)], CancellationToken.None);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Store.RecordDrawnAsync(2, Client(0.2) with { Source = SampleSource.Drawn, Samples = ["a", "b"] }, null, null, CancellationToken.None);

        Assert.Equal([2L], await Store.DrawnSinceAsync(before, CancellationToken.None));
        Assert.Empty(await Store.DrawnSinceAsync(DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task SequenceBeforeAsync_bounds_every_older_interaction_even_when_they_arrive_out_of_order()
    {
        // Sequence order is arrival order; times are out of order: 3 (old) arrives after 2 (recent).
        await Store.AppendAsync([Some.Parsed(at: Some.Noon.AddHours(-5)), Some.Parsed(at: Some.Noon), Some.Parsed(at: Some.Noon.AddHours(-6))], CancellationToken.None);

        Assert.Equal(1, await Store.SequenceBeforeAsync(Some.Noon.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await Store.SequenceBeforeAsync(Some.Noon.AddDays(-1), CancellationToken.None));
        Assert.Equal(3, await Store.SequenceBeforeAsync(Some.Noon.AddDays(1), CancellationToken.None));
    }
}
