using Assay.Demo;
using Assay.Detection;
using Assay.Detection.Consistency;
using Assay.Detection.Reasoning;
using Assay.Ingest;
using Assay.Pipeline;
using Assay.Policy;
using Assay.Storage;

namespace Assay.Core.Tests.Pipeline;

/// <summary>Filters are checked against what the detectors declare they can raise, so the declarations must be true.</summary>
public sealed class FlagVocabularyTests
{
    private static DetectionPipeline StarterPipeline(PolicyDocument policy) =>
        new(policy.Hash, [RuleDetector.Create(policy), new SelfConsistencyDetector(policy.Hash), new ReasoningMonitor(policy.Hash)]);

    [Fact]
    public void Kinds_cover_every_flag_the_starter_pipeline_raises_on_demo_traffic()
    {
        var policy = StarterPolicy.Load();
        var pipeline = StarterPipeline(policy);
        var traffic = new DemoTraffic(11, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var raised = new HashSet<FlagKind>();
        for (var i = 0; i < 5_000; i++)
        {
            var interaction = traffic.Next();
            var stored = new StoredInteraction(i + 1, interaction, InteractionParser.Canonicalise(interaction).ContentHash, interaction.Timestamp!.Value, null);
            foreach (var flag in pipeline.Process(stored).Flags)
                raised.Add(new FlagKind(flag.Rule, flag.Category));
        }

        // Enough kinds that the check means something: rules of the policy and of the built-in detectors both fired.
        Assert.Contains(raised, k => k.Rule.StartsWith("reasoning.", StringComparison.Ordinal));
        Assert.True(raised.Count >= 5, $"only {raised.Count} kinds raised");
        Assert.Empty(raised.Except(pipeline.Kinds));
    }

    [Fact]
    public void For_lists_taxonomy_categories_and_every_detector_rule_once()
    {
        var policy = StarterPolicy.Load();
        var vocabulary = FlagVocabulary.For(policy, StarterPipeline(policy));

        Assert.Equal(vocabulary.Rules.Count, vocabulary.Rules.Distinct().Count());
        Assert.Contains(SelfConsistencyDetector.RuleId, vocabulary.Rules);
        Assert.Contains(ReasoningMonitor.TruncatedRule, vocabulary.Rules);
        Assert.All(policy.Rules, r => Assert.Contains(r.Id, vocabulary.Rules));
        Assert.All(policy.Taxonomy, c => Assert.Contains(c.Id, vocabulary.Categories));
        Assert.Contains(ReasoningMonitor.IncoherenceCategory, vocabulary.Categories);
    }

    [Fact]
    public void For_lists_the_policy_judges_as_rules()
    {
        var judge = new Assay.Judging.JudgeRule("judge.facts", "hallucination", 0.1, "{{response}}", [], null, "");
        var policy = StarterPolicy.Load() with { Judges = [judge] };

        var vocabulary = FlagVocabulary.For(policy, StarterPipeline(policy));

        Assert.Contains("judge.facts", vocabulary.Rules);
    }

    [Fact]
    public void Unknown_with_a_long_list_shows_twenty_and_counts_the_rest()
    {
        var valid = Enumerable.Range(0, 250).Select(i => $"rule-{i:000}").ToList();

        var detail = FlagVocabulary.Unknown("x", "rule", valid);

        Assert.Equal("is 'x', not a rule of the active policy; use one of " + string.Join(", ", valid.Take(20)) + ", … (230 more)", detail);
    }

    [Fact]
    public void Unknown_with_a_short_list_shows_all()
    {
        Assert.Equal("is 'x', not a category of the active policy; use one of a, b", FlagVocabulary.Unknown("x", "category", ["a", "b"]));
    }
}
