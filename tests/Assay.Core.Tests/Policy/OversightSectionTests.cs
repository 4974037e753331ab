using Assay.Policy;

namespace Assay.Core.Tests.Policy;

public sealed class OversightSectionTests
{
    private const string Head = """
        taxonomy:
          - {id: pii-leak, name: PII, definition: d, severity: high}
          - {id: over-refusal, name: Refusal, definition: d, severity: low}
        rules:
          - {id: r, category: pii-leak, kind: literal, pattern: secret, description: d}

        """;

    [Fact]
    public void Parse_routing_and_review_sections_override_the_defaults()
    {
        var policy = PolicyLoader.Parse(Head + """
            routing:
              salt: s1
              audit_rate: 0.05
              flagged_rates: {over-refusal: 0.2}
              critical_rules: [r]
            review:
              labels_per_task: 3
              agreement_threshold: 0.8
            """, "p.yaml");

        Assert.Empty(policy.Problems);
        Assert.Equal("s1", policy.Policy!.Routing.Salt);
        Assert.Equal(0.05, policy.Policy.Routing.AuditRate);
        Assert.Equal(0.2, policy.Policy.Routing.FlaggedRates["over-refusal"]);
        Assert.Equal(["r"], policy.Policy.Routing.CriticalRules);
        Assert.Equal(3, policy.Policy.Review.LabelsPerTask);
        Assert.Equal(0.8, policy.Policy.Review.AgreementThreshold);
    }

    [Theory]
    [InlineData("routing:\n  audit_rate: 1.5\n", 7, "audit_rate")]
    [InlineData("routing:\n  flagged_rates: {nonsense: 0.5}\n", 7, "unknown category")]
    [InlineData("review:\n  labels_per_task: 0\n", 7, "labels_per_task")]
    [InlineData("routing: [1]\n", 6, "mapping")]
    public void Parse_bad_oversight_values_are_errors_with_their_line(string section, int line, string text)
    {
        var result = PolicyLoader.Parse(Head + section, "p.yaml");

        Assert.Null(result.Policy);
        var problem = Assert.Single(result.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal(line, problem.Line);
        Assert.Contains(text, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Starter_policy_samples_a_fifth_of_refusals_and_two_percent_for_audit()
    {
        var policy = StarterPolicy.Load();

        Assert.Equal(0.02, policy.Routing.AuditRate);
        Assert.Equal(0.25, policy.Routing.FlaggedRates["over-refusal"]);
        Assert.Equal(2, policy.Review.LabelsPerTask);
    }
}
