using Assay.Domain;
using Assay.Policy;

namespace Assay.Core.Tests.Judging;

public sealed class JudgeRuleReadingTests
{
    private const string Head = """
        taxonomy:
          - {id: hallucination, name: Hallucination, definition: d, severity: high}
        rules:
          - {id: r, category: hallucination, kind: literal, pattern: secret, description: d}

        """;

    private static PolicyLoadResult Load(string judge, string tail = "") => PolicyLoader.Parse(Head + judge + tail, "p.yaml");

    [Fact]
    public void A_judge_rule_is_read_beside_the_pattern_rules_with_the_judging_limits()
    {
        var loaded = Load("""
              - id: judge.hallucination
                category: hallucination
                kind: judge
                share: 0.1
                only_risk: [high]
                severity: critical
                description: Checks facts.
                prompt: |
                  Question: {{input}}
                  Answer: {{response}}

            """, """
            judging:
              temperature: 0.2
              max_output_tokens: 300
              requests_per_minute: 20
              daily_token_budget: 1000
            """);

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var policy = loaded.Policy!;
        Assert.Equal("r", Assert.Single(policy.Rules).Id);
        var judge = Assert.Single(policy.Judges);
        Assert.Equal(("judge.hallucination", "hallucination", 0.1, Severity.Critical, "Checks facts."), (judge.Id, judge.Category, judge.Share, judge.Severity, judge.Description));
        Assert.Equal(["high"], judge.OnlyRisk);
        Assert.Equal("Question: {{input}}\nAnswer: {{response}}\n", judge.Prompt);
        Assert.Equal((0.2, 300, 20, 1000L), (policy.Judging.Temperature, policy.Judging.MaxOutputTokens, policy.Judging.RequestsPerMinute, policy.Judging.DailyTokenBudget));
    }

    [Fact]
    public void Without_a_judging_section_the_defaults_hold()
    {
        var loaded = Load("  - {id: j, category: hallucination, kind: judge, share: 1, prompt: '{{response}}', description: d}\n");

        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.Equal((0.0, 512, 60, 200_000L), (loaded.Policy!.Judging.Temperature, loaded.Policy.Judging.MaxOutputTokens, loaded.Policy.Judging.RequestsPerMinute, loaded.Policy.Judging.DailyTokenBudget));
    }

    [Theory]
    [InlineData("  - {id: j, category: hallucination, kind: judge, prompt: '{{response}}', description: d}\n", 5, "missing required key 'share'")]
    [InlineData("  - {id: j, category: hallucination, kind: judge, share: 2, prompt: '{{response}}', description: d}\n", 5, "'share' must be a number from 0 to 1")]
    [InlineData("  - {id: j, category: hallucination, kind: judge, share: 1, description: d}\n", 5, "missing required key 'prompt'")]
    [InlineData("  - {id: j, category: nope, kind: judge, share: 1, prompt: '{{response}}', description: d}\n", 5, "unknown category 'nope'")]
    [InlineData("  - {id: j, category: hallucination, kind: judge, share: 1, prompt: '{{answer}} {{response}}', description: d}\n", 5, "unknown placeholder '{{answer}}'")]
    [InlineData("  - {id: j, category: hallucination, kind: judge, share: 1, prompt: 'Only {{input}}', description: d}\n", 5, "nothing to judge")]
    [InlineData("  - {id: r, category: hallucination, kind: judge, share: 1, prompt: '{{response}}', description: d}\n", 5, "Duplicate rule id 'r'")]
    [InlineData("  - {id: j, category: hallucination, kind: judge, share: 1, prompt: '{{response}}', description: d}\njudging: {temperature: 3}\n", 6, "'temperature' must be a number from 0 to 2")]
    public void A_wrong_judge_rule_is_an_error_at_its_line(string judge, int line, string message)
    {
        var loaded = Load(judge);

        Assert.True(loaded.HasErrors);
        var problem = Assert.Single(loaded.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(line, problem.Line);
    }

    [Fact]
    public void A_pattern_key_on_a_judge_rule_is_warned_about()
    {
        var loaded = Load("  - {id: j, category: hallucination, kind: judge, share: 1, prompt: '{{response}}', description: d, pattern: x}\n");

        Assert.False(loaded.HasErrors);
        Assert.Contains(loaded.Problems, p => p.Severity == ProblemSeverity.Warning && p.Message.Contains("Unknown key 'pattern' in a judge rule", StringComparison.Ordinal));
    }
}
