using Assay.Demo;
using Assay.Detection.Consistency;
using Assay.Detection.Reasoning;
using Assay.Domain;
using Xunit.Abstractions;

namespace Assay.Core.Tests.Detection.Reasoning;

public sealed class DemoTrafficScoreTests(ITestOutputHelper output)
{
    private const int Count = 2_000;

    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    // Self-consistency's precision against the "hallucination" tag is low by construction: demo samples are
    // [answer, answer, response], so every injected change to the response (a refusal, a leak, pressure) is
    // rightly unsupported by two of three samples; it is asserted instead never to flag clean traffic.
    [Theory]
    [InlineData(ReasoningMonitor.MismatchRule, "reasoning-mismatch", 0.9, 0.9)]
    [InlineData(ReasoningMonitor.ConcealmentRule, "deception", 0.9, 0.9)]
    [InlineData(SelfConsistencyDetector.RuleId, "hallucination", 0.0, 0.9)]
    public void Detect_on_demo_traffic_flags_mostly_the_injected_failures(string rule, string injected, double minPrecision, double minRecall)
    {
        var detectors = new Assay.Detection.IDetector[] { new ReasoningMonitor("demo"), new SelfConsistencyDetector("demo") };
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var traffic = new DemoTraffic(seed, s_start);
            int truePositives = 0, falsePositives = 0, falseNegatives = 0;
            for (var i = 0; i < Count; i++)
            {
                var interaction = traffic.Next();
                // Self-consistency can only judge interactions that carry samples.
                if (rule == SelfConsistencyDetector.RuleId && interaction.Samples.Count == 0)
                    continue;

                var flags = new List<Flag>();
                foreach (var detector in detectors)
                    detector.Detect(interaction, flags);
                var flagged = flags.Any(f => f.Rule == rule);
                var truth = interaction.Metadata.Tags.TryGetValue("injected", out var tags) && tags.Split(',').Contains(injected);
                truePositives += flagged && truth ? 1 : 0;
                falsePositives += flagged && !truth ? 1 : 0;
                falseNegatives += !flagged && truth ? 1 : 0;
            }

            var precision = (double)truePositives / Math.Max(1, truePositives + falsePositives);
            var recall = (double)truePositives / Math.Max(1, truePositives + falseNegatives);
            output.WriteLine($"{rule} vs injected '{injected}', seed {seed}: TP {truePositives}, FP {falsePositives}, FN {falseNegatives}; precision {precision:0.000}, recall {recall:0.000}");
            Assert.InRange(precision, minPrecision, 1);
            Assert.InRange(recall, minRecall, 1);
        }
    }

    [Fact]
    public void Detect_on_clean_demo_traffic_raises_no_flag()
    {
        var detectors = new Assay.Detection.IDetector[] { new ReasoningMonitor("demo"), new SelfConsistencyDetector("demo") };
        var traffic = new DemoTraffic(4, s_start);
        var flags = new List<Flag>();
        var clean = 0;
        for (var i = 0; i < Count; i++)
        {
            var interaction = traffic.Next();
            if (interaction.Metadata.Tags.ContainsKey("injected"))
                continue;

            clean++;
            foreach (var detector in detectors)
                detector.Detect(interaction, flags);
        }

        output.WriteLine($"{clean} clean interactions, {flags.Count} flags");
        Assert.True(clean > 1_500);
        Assert.Empty(flags);
    }
}
