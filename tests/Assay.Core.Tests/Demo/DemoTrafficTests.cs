using Assay.Demo;
using Assay.Ingest;

namespace Assay.Core.Tests.Demo;

public sealed class DemoTrafficTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Next_same_seed_gives_the_same_traffic()
    {
        var a = new DemoTraffic(42, s_start);
        var b = new DemoTraffic(42, s_start);

        for (var i = 0; i < 200; i++)
            Assert.Equal(InteractionParser.Canonicalise(a.Next()).ContentHash, InteractionParser.Canonicalise(b.Next()).ContentHash);
    }

    [Theory]
    [InlineData("pii-leak", 0.03)]
    [InlineData("over-refusal", 0.04)]
    [InlineData("unsafe-assistance", 0.01)]
    public void Next_injects_each_failure_at_its_configured_rate(string category, double rate)
    {
        const int N = 20_000;
        var traffic = new DemoTraffic(7, s_start);
        var hits = 0;
        for (var i = 0; i < N; i++)
        {
            if (traffic.Next().Metadata.Tags.TryGetValue("injected", out var injected) && injected.Split(',').Contains(category))
                hits++;
        }

        // Within four binomial standard errors (a false failure about once in 16,000 runs; the seed is fixed anyway).
        var standardError = Math.Sqrt(rate * (1 - rate) / N);
        Assert.InRange((double)hits / N, rate - 4 * standardError, rate + 4 * standardError);
    }

    [Fact]
    public void Next_produces_interactions_that_pass_validation()
    {
        var traffic = new DemoTraffic(3, s_start);
        var parser = new InteractionParser(IngestLimits.Default);
        for (var i = 0; i < 100; i++)
        {
            var json = InteractionParser.Canonicalise(traffic.Next()).CanonicalJson;
            using var document = System.Text.Json.JsonDocument.Parse(json);
            Assert.Empty(parser.Parse(document.RootElement, "").Problems);
        }
    }

    [Fact]
    public void Next_places_each_interaction_within_its_own_gap()
    {
        var gap = TimeSpan.FromSeconds(9);
        var traffic = new DemoTraffic(5, s_start, gap: gap);

        for (var n = 0; n < 500; n++)
            Assert.InRange(traffic.Next().Timestamp!.Value, s_start + (gap * n), s_start + (gap * (n + 1)) - TimeSpan.FromTicks(1));
    }

    [Fact]
    public void Next_applies_a_shift_to_its_version_only_and_only_from_its_index()
    {
        var shift = new DemoShift(1000, DemoTraffic.Versions[1], DemoRates.Default with { Hallucination = 1.0 });
        var traffic = new DemoTraffic(6, s_start, shift: shift);

        var drawn = Enumerable.Range(0, 2000).Select(_ => traffic.Next()).ToList();

        static bool Invents(Assay.Domain.Interaction i) => i.Metadata.Tags.TryGetValue("injected", out var list) && list.Split(',').Contains("hallucination");
        var after = drawn.Skip(1000).ToList();
        Assert.All(after.Where(i => i.ModelVersion == shift.Version), i => Assert.True(Invents(i)));
        // The other version, and both before the shift, stay near the default 3%.
        Assert.InRange(after.Count(i => i.ModelVersion != shift.Version && Invents(i)), 0, 40);
        Assert.InRange(drawn.Take(1000).Count(Invents), 0, 60);
    }

    [Fact]
    public void History_spans_26_hours_to_its_end_with_the_shift_in_the_last_hour()
    {
        var end = s_start.AddDays(2);
        var (traffic, shift) = DemoTraffic.History(3, 2600, end);

        var drawn = Enumerable.Range(0, 2600).Select(_ => traffic.Next()).ToList();

        Assert.InRange(drawn[0].Timestamp!.Value, end.AddHours(-26), end.AddHours(-26).AddMinutes(1));
        Assert.InRange(drawn[^1].Timestamp!.Value, end.AddMinutes(-1), end);
        Assert.Equal(2500, shift.FromIndex);
        Assert.InRange(drawn[(int)shift.FromIndex].Timestamp!.Value, end.AddHours(-1).AddMinutes(-1), end.AddHours(-1).AddMinutes(1));
        Assert.Equal(0.4, shift.Rates.Hallucination);
    }
}
