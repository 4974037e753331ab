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
}
