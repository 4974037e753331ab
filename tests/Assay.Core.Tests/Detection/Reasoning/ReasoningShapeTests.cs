using Assay.Detection.Reasoning;
using Assay.Domain;
using static Assay.Core.Tests.Detection.Consistency.Some;

namespace Assay.Core.Tests.Detection.Reasoning;

public sealed class ReasoningShapeTests
{
    private static readonly ReasoningMonitor s_monitor = new(PolicyHash);

    [Fact]
    public void Detect_empty_reasoning_with_reasoning_tokens_is_flagged()
    {
        var flag = Assert.Single(Detect(s_monitor, Interaction("Paris.", reasoning: "  ", usage: new Usage(10, 2, 120))));

        Assert.Equal(ReasoningMonitor.EmptyRule, flag.Rule);
        Assert.Equal("incoherence", flag.Category);
        Assert.Equal(Severity.Medium, flag.Severity);
        Assert.Equal(new Evidence(TextField.Reasoning, null, 0, 2, "  "), Assert.Single(flag.Evidence));
        Assert.Contains("120 reasoning tokens", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_missing_reasoning_is_flagged_only_for_models_that_always_reason()
    {
        var monitor = new ReasoningMonitor(PolicyHash, new ReasoningMonitorOptions { ModelsThatAlwaysReason = ["Thinker"] });

        Assert.Empty(Detect(s_monitor, Interaction("Paris.", usage: new Usage(10, 2, 120))));
        Assert.Empty(Detect(monitor, Interaction("Paris.", model: "other")));
        Assert.Equal(ReasoningMonitor.EmptyRule, Assert.Single(Detect(monitor, Interaction("Paris.", model: "thinker"))).Rule);
    }

    [Fact]
    public void Detect_reasoning_ending_mid_sentence_is_flagged_truncated_on_its_last_fragment()
    {
        const string reasoning = "First I check the map. Then I compare the two routes and the";

        var flag = Assert.Single(Detect(s_monitor, Interaction("Take the northern route.", reasoning: reasoning)));

        Assert.Equal(ReasoningMonitor.TruncatedRule, flag.Rule);
        Assert.Equal(Severity.Low, flag.Severity);
        Assert.Equal(new Evidence(TextField.Reasoning, null, 23, 60, "Then I compare the two routes and the"), Assert.Single(flag.Evidence));
    }

    [Fact]
    public void Detect_unclosed_code_fence_is_flagged_truncated_from_the_fence()
    {
        const string reasoning = "I will write the loop first.\n```python\nfor i in range(10):\n    print(i)";

        var flag = Assert.Single(Detect(s_monitor, Interaction("Here is the loop.", reasoning: reasoning)), f => f.Rule == ReasoningMonitor.TruncatedRule);

        Assert.Equal(29, flag.Evidence[0].Start);
        Assert.Contains("code fence", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_reasoning_far_longer_than_the_response_is_anomalous()
    {
        var reasoning = string.Concat(Enumerable.Repeat("I consider another case and rule it out. ", 600));

        var flag = Assert.Single(Detect(s_monitor, Interaction("Yes.", reasoning: reasoning)), f => f.Rule == ReasoningMonitor.AnomalousLengthRule);

        Assert.Equal((0, reasoning.Length), (flag.Evidence[0].Start, flag.Evidence[0].End));
    }

    [Fact]
    public void Detect_reasoning_outside_its_model_range_is_anomalous()
    {
        var monitor = new ReasoningMonitor(PolicyHash, new ReasoningMonitorOptions
        {
            ExpectedLength = new Dictionary<string, ReasoningLengthRange> { ["atlas"] = new(100, 5_000) },
        });

        var flag = Assert.Single(Detect(monitor, Interaction("Paris is the answer.", reasoning: "It is Paris.")));

        Assert.Equal(ReasoningMonitor.AnomalousLengthRule, flag.Rule);
        Assert.Contains("outside the 100–5,000 expected", flag.Explanation, StringComparison.Ordinal);
    }
}
