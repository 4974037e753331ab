using Assay.Assurance;
using Assay.Review;
using Assay.Routing;
using Assay.Statistics.Intervals;

namespace Assay.Core.Tests.Assurance;

public sealed class AssuranceMetricsTests
{
    private static readonly (string, string)[] s_flagR = [("r", "c")];

    /// <summary>100 audited (π = 0.02, 2 with c) and 10 critical items flagged by r (π = 1, 8 with c), all agreed.</summary>
    private static List<ReviewedItem> AuditAndFlags()
    {
        var items = new List<ReviewedItem>();
        for (var i = 0; i < 100; i++)
            items.Add(i < 2 ? Some.Agreed($"a{i}", Tier.Audit, 0.02, [], "c") : Some.Agreed($"a{i}", Tier.Audit, 0.02, []));
        for (var i = 0; i < 10; i++)
            items.Add(i < 8 ? Some.Agreed($"f{i}", Tier.Critical, 1, s_flagR, "c") : Some.Agreed($"f{i}", Tier.Critical, 1, s_flagR));
        return items;
    }

    private static PopulationCounts AuditPopulation => Some.Population(none: 4900, audit: 100, critical: 10, rules: ("r", 10));

    [Fact]
    public void Compute_precision_three_of_four_is_wilson_interval_with_small_sample_warning()
    {
        List<ReviewedItem> items =
        [
            Some.Agreed("1", Tier.Critical, 1, s_flagR, "c"),
            Some.Agreed("2", Tier.Critical, 1, s_flagR, "c"),
            Some.Agreed("3", Tier.Critical, 1, s_flagR, "c", "x"),
            Some.Agreed("4", Tier.Critical, 1, s_flagR, "x"),
        ];

        var report = AssuranceMetrics.Compute(items, Some.Population(critical: 4, rules: ("r", 4)), ReviewPolicy.Default, Some.Fast);

        var precision = Assert.Single(report.Precision);
        Assert.Equal(("r", "c", 4L), (precision.Rule, precision.Category, precision.Flags!.Value));
        Assert.Equal(0.75, precision.Precision.Value, 12);
        var (low, high) = ProportionInterval.Wilson(3, 4);
        Assert.Equal(low, precision.Precision.Low, 12);
        Assert.Equal(high, precision.Precision.High, 12);
        Assert.Equal(0.3006, precision.Precision.Low, 4);
        Assert.Equal(0.9544, precision.Precision.High, 4);
        Assert.Equal(4, precision.Precision.SampleSize);
        Assert.NotNull(precision.Precision.Warning);
        Assert.Equal(3, precision.EstimatedTruePositives, 12);
        Assert.Equal(ReliabilityStatus.InsufficientData, precision.Reliability.Status);
    }

    [Fact]
    public void Compute_precision_weights_by_inverse_inclusion_probability()
    {
        // Flagged tier at π = 0.5 (weight 2): one confirmed, one not; critical at π = 1: both confirmed. 4/6 confirmed.
        List<ReviewedItem> items =
        [
            Some.Agreed("f1", Tier.Flagged, 0.5, s_flagR, "c"),
            Some.Agreed("f2", Tier.Flagged, 0.5, s_flagR),
            Some.Agreed("k1", Tier.Critical, 1, s_flagR, "c"),
            Some.Agreed("k2", Tier.Critical, 1, s_flagR, "c"),
        ];

        var report = AssuranceMetrics.Compute(items, Some.Population(flagged: 4, critical: 2), ReviewPolicy.Default, Some.Fast);

        var precision = report.Precision[0].Precision;
        Assert.Equal(4.0 / 6, precision.Value, 12);
        Assert.Equal(4, report.Precision[0].EstimatedTruePositives, 12);
        Assert.Null(report.Precision[0].Flags);

        // V = Σ(1 − π)w²(y − p)²/(Σw)² = (2/9 + 8/9)/36; n_eff = p(1 − p)/V = 7.2, capped at n = 4.
        var (low, high) = ProportionInterval.Wilson(4 * 4.0 / 6, 4);
        Assert.Equal(low, precision.Low, 12);
        Assert.Equal(high, precision.High, 12);
    }

    [Fact]
    public void Compute_false_negative_rate_from_audit_sample_weights_by_inclusion_probability()
    {
        var report = AssuranceMetrics.Compute(AuditAndFlags(), AuditPopulation, ReviewPolicy.Default, Some.Fast);

        // Missed: 5000 unflagged × 2/100 = Σ y/π = 2/0.02 = 100. Caught: 10 flagged × 8/10 = 8. Recall 8/108.
        var c = Assert.Single(report.Recall);
        Assert.Equal(100, c.EstimatedMissed, 9);
        Assert.Equal(8, c.EstimatedCaught, 9);
        Assert.Equal(8.0 / 108, c.Recall.Value, 12);
        Assert.Equal(100.0 / 108, c.FalseNegativeRate.Value, 12);
        Assert.InRange(c.FalseNegativeRate.Value, c.FalseNegativeRate.Low, c.FalseNegativeRate.High);
        Assert.True(c.FalseNegativeRate.Low > 0.5 && c.FalseNegativeRate.High < 1);
        Assert.Equal(110, c.Recall.SampleSize);
        Assert.Equal((10, 100, 0), (c.FlaggedReviewed, c.AuditReviewed, c.Pending));
        Assert.Null(c.Recall.Warning);
        Assert.Equal(ReliabilityStatus.Reliable, c.Reliability.Status);
        Assert.Equal(8.0 / 108, report.OverallRecall.Recall.Value, 12);
    }

    [Fact]
    public void Compute_prevalence_is_horvitz_thompson_over_all_reviewed_tiers()
    {
        var report = AssuranceMetrics.Compute(AuditAndFlags(), AuditPopulation, ReviewPolicy.Default, Some.Fast);

        // Σ y/π = 2/0.02 + 8/1 = 108 of N = 5010. SE of the count: √(2 · 0.98/0.02²) = 70; critical items add no variance.
        var c = Assert.Single(report.Prevalence);
        Assert.Equal(5010, report.Population);
        Assert.Equal(108, c.EstimatedCount, 9);
        Assert.Equal(70, c.CountStandardError, 9);
        var p = 108.0 / 5010;
        Assert.Equal(p, c.Prevalence.Value, 12);
        var variance = 70.0 * 70 / (5010.0 * 5010);
        var effective = p * (1 - p) / variance;
        var (low, high) = ProportionInterval.Wilson(p * effective, effective);
        Assert.Equal(low, c.Prevalence.Low, 12);
        Assert.Equal(high, c.Prevalence.High, 12);
        Assert.Equal(110, c.Prevalence.SampleSize);
        Assert.Equal(108, report.OverallPrevalence.EstimatedCount, 9);
    }

    [Fact]
    public void Compute_every_metric_is_unreliable_when_its_category_alpha_is_below_threshold()
    {
        // Alpha on c is 0.61 (see LabelAgreementTests); the first four items carry a flag of rule r.
        var items = Some.Binary(both: 8, split: 2)
            .Select((item, i) => i < 4 ? item with { Tier = Tier.Flagged, FlaggedRules = s_flagR } : item)
            .ToList();

        var report = AssuranceMetrics.Compute(items, Some.Population(audit: 16, flagged: 4, rules: ("r", 4)), ReviewPolicy.Default, Some.Fast);

        Assert.Equal(ReliabilityStatus.Unreliable, report.Precision[0].Reliability.Status);
        Assert.Equal(ReliabilityStatus.Unreliable, report.Recall[0].Reliability.Status);
        Assert.Equal(ReliabilityStatus.Unreliable, report.Prevalence[0].Reliability.Status);
        Assert.Equal(ReliabilityStatus.Unreliable, report.OverallPrevalence.Reliability.Status);
        Assert.False(report.Agreement.Reliable);
    }

    [Fact]
    public void Compute_metrics_are_reliable_when_agreement_is()
    {
        var report = AssuranceMetrics.Compute(AuditAndFlags(), AuditPopulation, ReviewPolicy.Default, Some.Fast);

        Assert.True(report.Precision[0].Reliability.IsReliable);
        Assert.True(report.Prevalence[0].Reliability.IsReliable);
        Assert.True(report.OverallRecall.Reliability.IsReliable);
    }

    [Fact]
    public void Compute_undecided_items_are_pending_and_left_out()
    {
        var items = AuditAndFlags();
        items.Add(Some.Item("split-1", Tier.Critical, 1, s_flagR, labels: [Some.Label("ann", "c"), Some.Label("bob")]));
        items.Add(Some.Item("split-2", Tier.Audit, 0.02, labels: [Some.Label("ann", "c"), Some.Label("bob")]));
        items.Add(Some.Item("decided", Tier.Critical, 1, s_flagR, adjudicated: Some.Verdict("c"), labels: [Some.Label("ann", "c"), Some.Label("bob")]));

        var report = AssuranceMetrics.Compute(items, AuditPopulation, ReviewPolicy.Default, Some.Fast);

        Assert.Equal((113, 111, 2), (report.Reviewed, report.Decided, report.Pending));
        var precision = report.Precision[0];
        Assert.Equal(11, precision.Precision.SampleSize);
        Assert.Equal(9.0 / 11, precision.Precision.Value, 12);
        Assert.Equal(1, precision.Pending);
        Assert.Equal(2, report.Recall[0].Pending);
        Assert.Equal(2, report.Prevalence[0].Pending);
        Assert.Equal(109, report.Prevalence[0].EstimatedCount, 9);
    }

    [Fact]
    public void Compute_reuses_a_given_agreement_report()
    {
        var items = AuditAndFlags();
        var agreement = LabelAgreement.Compute(items, ReviewPolicy.Default with { AgreementThreshold = 1.01 }, Some.Fast);

        var report = AssuranceMetrics.Compute(items, AuditPopulation, ReviewPolicy.Default, Some.Fast, agreement);

        Assert.Same(agreement, report.Agreement);
        Assert.Equal(ReliabilityStatus.Unreliable, report.Prevalence[0].Reliability.Status);
    }

    [Fact]
    public void Compute_inclusion_probability_outside_zero_one_is_refused()
    {
        List<ReviewedItem> items = [Some.Agreed("bad", Tier.Audit, 0, [])];

        var error = Assert.Throws<ArgumentException>(() => AssuranceMetrics.Compute(items, AuditPopulation, ReviewPolicy.Default));

        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_empty_window_gives_empty_estimates_with_warnings()
    {
        var report = AssuranceMetrics.Compute([], Some.Population(none: 100), ReviewPolicy.Default, Some.Fast);

        Assert.Empty(report.Precision);
        Assert.Empty(report.Recall);
        Assert.NotNull(report.OverallPrevalence.Prevalence.Warning);
        Assert.Equal(ReliabilityStatus.InsufficientData, report.OverallRecall.Reliability.Status);
    }
}
