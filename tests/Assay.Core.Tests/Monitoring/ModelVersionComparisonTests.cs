using Assay.Monitoring;

namespace Assay.Core.Tests.Monitoring;

public sealed class ModelVersionComparisonTests
{
    [Fact]
    public void Compare_versions_sent_the_same_mix_pass_the_input_guard_and_report_directly()
    {
        var report = ModelVersionComparison.Compare("v1", Traffic.Features(1, 800, version: "v1"), "v2", Traffic.Features(2, 800, version: "v2"));

        Assert.False(report.InputsShifted);
        Assert.Null(report.StratifiedBy);
        Assert.Empty(report.StratifiedOutputs);
        Assert.StartsWith("The inputs of both versions are comparable", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_versions_sent_a_different_mix_trip_the_guard_and_stratify_by_topic()
    {
        var report = ModelVersionComparison.Compare("v1", Traffic.Features(1, 1000, version: "v1"), "v2", Traffic.Features(2, 1000, shiftedMix: true, version: "v2"));

        Assert.True(report.InputsShifted);
        Assert.Contains("topic", report.Inputs.Drifted);
        Assert.Equal("topic", report.StratifiedBy);
        Assert.Contains("inputs shifted", report.Summary, StringComparison.Ordinal);
        // Answers are longer for some topics, so a naive comparison blames the model for what the traffic did...
        Assert.Contains("response_chars", report.NaiveOutputs.Drifted);
        // ...while within topics the two versions (the same generator) answer alike.
        var responses = report.StratifiedOutputs.Single(s => s.Feature == "response_chars");
        Assert.Equal(DriftVerdict.Stable, responses.Verdict);
        Assert.True(responses.Strata >= 2);
    }

    [Fact]
    public void Fisher_combines_p_values_like_the_chi_square_tail()
    {
        // −2 ln(0.05) − 2 ln(0.05) = 11.98 on 4 degrees of freedom: p = 0.0175 (tables).
        Assert.Equal(0.0175, ModelVersionComparison.Fisher([0.05, 0.05]), 4);
        Assert.Equal(0.3, ModelVersionComparison.Fisher([0.3]), 12);
        Assert.True(double.IsNaN(ModelVersionComparison.Fisher([])));
    }
}
