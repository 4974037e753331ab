using Assay.Monitoring;

namespace Assay.Core.Tests.Monitoring;

public sealed class DriftComparisonTests
{
    [Fact]
    public void Compare_two_seeds_of_the_same_mix_finds_no_drift()
    {
        var report = DriftComparison.Compare(Traffic.Features(1, 600), Traffic.Features(2, 600));

        Assert.False(report.AnyDrift, string.Join(", ", report.Drifted));
        Assert.All(report.Features.Where(f => f.Feature != "self_agreement"), f => Assert.Equal(DriftVerdict.Stable, f.Verdict));
    }

    [Fact]
    public void Compare_a_different_topic_mix_drifts_in_topic_with_an_effect_size()
    {
        var report = DriftComparison.Compare(Traffic.Features(1, 600), Traffic.Features(2, 600, shiftedMix: true));

        var topic = report["topic"]!;
        Assert.Equal(DriftVerdict.Drifted, topic.Verdict);
        Assert.Equal("chi-square", topic.Test!.Test);
        Assert.True(topic.AdjustedPValue < 1e-6);
        Assert.True(topic.Psi > 0.1, $"PSI {topic.Psi}");
        Assert.InRange(topic.JensenShannon, 0.1, 1);
        Assert.Equal("ks", report["input_chars"]!.Test!.Test);
        Assert.Equal(DriftVerdict.Stable, report["script"]!.Verdict);
    }

    [Fact]
    public void Compare_windows_below_min_samples_give_no_verdict_and_no_test()
    {
        var report = DriftComparison.Compare(Traffic.Features(1, 40), Traffic.Features(2, 40, shiftedMix: true), new DriftOptions { MinSamples = 50 });

        Assert.All(report.Features, f => Assert.Equal(DriftVerdict.InsufficientData, f.Verdict));
        Assert.All(report.Features, f => Assert.Null(f.Test));
        Assert.False(report.AnyDrift);
    }

    [Fact]
    public void Compare_self_agreement_is_judged_only_on_interactions_with_samples()
    {
        var report = DriftComparison.Compare(Traffic.Features(1, 600), Traffic.Features(2, 600));
        var selfAgreement = report["self_agreement"]!;

        // About a fifth of demo interactions carry samples.
        Assert.InRange(selfAgreement.ReferenceCount, 80, 170);
        Assert.InRange(selfAgreement.CurrentCount, 80, 170);
    }
}
