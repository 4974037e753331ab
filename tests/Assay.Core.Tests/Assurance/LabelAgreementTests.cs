using Assay.Assurance;
using Assay.Review;
using Assay.Routing;
using Assay.Statistics.Agreement;

namespace Assay.Core.Tests.Assurance;

public sealed class LabelAgreementTests
{
    // 8 items both tick c, 8 neither, 2 ann only, 2 bob only: 40 pairable values, n_c = n_not = 20.
    // Alpha = 1 − (n − 1)·D_o/D_e = 1 − 39·8/800 = 0.61. AC1: Pa = 0.8, π_c = 0.5, Pe = 0.5, AC1 = 0.6.
    // Cohen: p_o = 0.8, margins 0.5/0.5, p_e = 0.5, κ = 0.6.
    [Fact]
    public void Compute_binary_example_matches_hand_computed_alpha_ac1_and_kappa()
    {
        var report = LabelAgreement.Compute(Some.Binary(both: 8, split: 2), ReviewPolicy.Default, Some.Fast);

        var c = Assert.Single(report.Categories);
        Assert.Equal("c", c.Category);
        Assert.Equal(0.61, c.Alpha.Value, 10);
        Assert.Equal(0.6, c.Ac1.Value, 10);
        Assert.Equal(20, c.Items);
        Assert.Equal(40, c.PairableValues);
        Assert.InRange(c.Alpha.Value, c.Alpha.Low, c.Alpha.High);
        Assert.Equal("bootstrap-percentile", c.Alpha.Method);

        var pair = Assert.Single(report.Pairs);
        Assert.Equal(("ann", "bob", 20), (pair.ReviewerA, pair.ReviewerB, pair.Items));
        Assert.Equal(0.8, pair.ObservedAgreement, 10);
        Assert.Equal(0.6, pair.Kappa.Value, 10);
        Assert.Equal(20, report.Items);
        Assert.Equal(2, report.Reviewers);
    }

    /// <summary>
    /// The hand-worked set example of SetAlphaTests (MASI 7/32, Jaccard 1/4) as reviewed items; severities low/low,
    /// high/none, critical/critical on the 0–4 scale. An item still waiting for a label does not count.
    /// </summary>
    [Fact]
    public void Compute_answers_agreement_uses_set_distances_on_whole_answers_and_ordinal_alpha_on_severity()
    {
        static Label Rated(string reviewer, Assay.Domain.Severity? severity, params string[] categories) =>
            Some.Label(reviewer, categories) with { Verdict = Some.Verdict(categories) with { Severity = severity } };
        List<ReviewedItem> items =
        [
            Some.Item("u1", labels: [Rated("ann", Assay.Domain.Severity.Low, "a"), Rated("bob", Assay.Domain.Severity.Low, "a")]),
            Some.Item("u2", labels: [Rated("ann", Assay.Domain.Severity.High, "a", "b"), Rated("bob", null)]),
            Some.Item("u3", labels: [Rated("ann", Assay.Domain.Severity.Critical, "b"), Rated("bob", Assay.Domain.Severity.Critical, "c")]),
            Some.Item("waiting", labels: [Rated("ann", Assay.Domain.Severity.Low, "a"), Rated("bob", null)]) with { RequiredLabels = 3 },
        ];
        // u2's "no failure" answer is the empty set here, not {a}: MASI and Jaccard of {a,b} against {} are 1.
        MultiLabelRating[] sets =
        [
            new("u1", "ann", ["a"]), new("u1", "bob", ["a"]), new("u2", "ann", ["a", "b"]), new("u2", "bob", []),
            new("u3", "ann", ["b"]), new("u3", "bob", ["c"]),
        ];

        var answers = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast).Answers!;

        Assert.Equal(SetAlpha.Point(sets, SetDistance.Masi), answers.Masi.Value, 12);
        Assert.Equal(SetAlpha.Point(sets, SetDistance.Jaccard), answers.Jaccard.Value, 12);
        Assert.Equal(SetAlpha.Point(sets, SetDistance.Nominal), answers.Exact.Value, 12);
        var severity = RatingMatrix.FromRows([[1.0, 1.0], [3.0, 0.0], [4.0, 4.0]]);
        Assert.Equal(KrippendorffAlpha.Point(severity, MeasurementLevel.Ordinal), answers.Severity.Value, 12);
        Assert.Equal(3, answers.Masi.SampleSize);
    }

    [Fact]
    public void OverallAlpha_is_Computes_overall_alpha_with_its_interval_and_item_count()
    {
        var items = Some.Binary(both: 8, split: 2);
        items.Add(Some.Item("waiting", labels: [Some.Label("ann", "c"), Some.Label("bob")]) with { RequiredLabels = 3 });

        var (count, alpha) = LabelAgreement.OverallAlpha(items, ReviewPolicy.Default, Some.Fast);

        var expected = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast).Overall;
        Assert.Equal(expected.Items, count);
        Assert.Equal(expected.Alpha, alpha);
    }

    [Fact]
    public void Compute_alpha_below_threshold_is_unreliable()
    {
        var report = LabelAgreement.Compute(Some.Binary(both: 8, split: 2), ReviewPolicy.Default, Some.Fast);

        Assert.Equal(ReliabilityStatus.Unreliable, report.ReliabilityOf("c").Status);
        Assert.False(report.Reliable);
        Assert.Contains("below the threshold 0.667", report.ReliabilityOf("c").Reason, StringComparison.Ordinal);
    }

    // 9 both, 9 neither, 1 each alone: alpha = 1 − 39·4/800 = 0.805.
    [Fact]
    public void Compute_alpha_at_or_above_threshold_on_enough_items_is_reliable()
    {
        var report = LabelAgreement.Compute(Some.Binary(both: 9, split: 1), ReviewPolicy.Default, Some.Fast);

        Assert.Equal(0.805, report.Categories[0].Alpha.Value, 10);
        Assert.True(report.Categories[0].Reliable);
        Assert.True(report.Reliable);
    }

    [Fact]
    public void Compute_threshold_comes_from_the_policy()
    {
        var strict = ReviewPolicy.Default with { AgreementThreshold = 0.9 };

        var report = LabelAgreement.Compute(Some.Binary(both: 9, split: 1), strict, Some.Fast);

        Assert.Equal(ReliabilityStatus.Unreliable, report.ReliabilityOf("c").Status);
        Assert.Equal(0.9, report.Threshold);
    }

    [Fact]
    public void Compute_fewer_items_than_the_minimum_is_insufficient_data_even_with_perfect_agreement()
    {
        var items = Some.Binary(both: 2, split: 0);

        var report = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(1.0, report.Categories[0].Alpha.Value, 10);
        Assert.Equal(ReliabilityStatus.InsufficientData, report.ReliabilityOf("c").Status);
        Assert.StartsWith("insufficient data: only 4 items", report.ReliabilityOf("c").Reason, StringComparison.Ordinal);
        Assert.Equal(20, report.MinimumItems);
    }

    [Fact]
    public void Compute_items_with_fewer_than_two_labels_do_not_count()
    {
        var items = Some.Binary(both: 9, split: 1);
        items.Add(Some.Item("single", labels: [Some.Label("ann", "c")]));
        items.Add(Some.Item("unlabelled"));

        var report = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(20, report.Items);
        Assert.Equal(0.805, report.Categories[0].Alpha.Value, 10);
    }

    [Fact]
    public void Compute_overall_judgement_is_any_failure_against_none()
    {
        // Ann and Bob name different failures on every failing item, so they disagree on each category but agree overall.
        var items = new List<ReviewedItem>();
        for (var i = 0; i < 10; i++)
        {
            items.Add(Some.Item($"fail-{i}", labels: [Some.Label("ann", "x"), Some.Label("bob", "y")]));
            items.Add(Some.Item($"ok-{i}", labels: [Some.Label("ann"), Some.Label("bob")]));
        }

        var report = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(AgreementReport.AnyFailure, report.Overall.Category);
        Assert.Equal(1.0, report.Overall.Alpha.Value, 10);
        Assert.True(report.Reliable);
        Assert.All(report.Categories, c => Assert.True(c.Alpha.Value < 0));
        Assert.Equal(0.5, report.Pairs[0].ObservedAgreement, 10);
    }

    [Fact]
    public void Compute_category_nobody_ticked_is_reported_as_insufficient_data()
    {
        var options = Some.Fast with { Categories = ["pii-leak"] };

        var report = LabelAgreement.Compute(Some.Binary(both: 9, split: 1), ReviewPolicy.Default, options);

        var pii = report.For("pii-leak");
        Assert.NotNull(pii);
        Assert.True(double.IsNaN(pii.Alpha.Value));
        Assert.Equal(ReliabilityStatus.InsufficientData, pii.Reliability.Status);
        Assert.Equal(ReliabilityStatus.InsufficientData, report.ReliabilityOf("never-seen").Status);
    }

    [Fact]
    public void Compute_same_items_and_seed_give_the_same_intervals()
    {
        var items = Some.Binary(both: 8, split: 2);

        var first = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);
        var second = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(first.Categories[0].Alpha, second.Categories[0].Alpha);
        Assert.Equal(first.Overall.Ac1, second.Overall.Ac1);
        Assert.True(first.Categories[0].Alpha.Width > 0);
    }

    [Fact]
    public void Compute_a_revised_label_counts_once_with_its_latest_verdict()
    {
        var items = Some.Binary(both: 9, split: 1);
        var old = Some.Label("ann", "c") with { CreatedAt = Some.Start.AddMinutes(-5) };
        items[0] = items[0] with { Labels = [old, Some.Label("ann"), Some.Label("bob", "c")] };

        var report = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(40, report.Categories[0].PairableValues);
        // 18 of 20 agreed before; ann's revision turns one agreement into a disagreement.
        Assert.Equal(0.85, report.Pairs[0].ObservedAgreement, 10);
    }

    [Fact]
    public void Window_keeps_items_from_inclusive_to_exclusive()
    {
        var items = new[] { -1, 0, 59, 60 }.Select(m => Some.Item($"m{m}", Tier.Audit, 0.02, at: Some.Start.AddMinutes(m))).ToList();

        var window = LabelAgreement.Window(items, Some.Start, Some.Start.AddHours(1));

        Assert.Equal(["m0", "m59"], window.Select(i => i.InteractionId));
    }

    [Fact]
    public void Compute_no_items_gives_an_undefined_overall_marked_insufficient()
    {
        var report = LabelAgreement.Compute([], ReviewPolicy.Default, Some.Fast);

        Assert.Equal(0, report.Items);
        Assert.True(double.IsNaN(report.Overall.Alpha.Value));
        Assert.Equal(ReliabilityStatus.InsufficientData, report.Overall.Reliability.Status);
        Assert.Empty(report.Pairs);
    }
}
