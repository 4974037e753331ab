using Assay.Assurance;
using Assay.Review;

namespace Assay.Core.Tests.Assurance;

/// <summary>A task with fewer labels than it asks for is pending: no truth, no agreement, no prevalence.</summary>
public sealed class CompletenessTests
{
    [Fact]
    public void Truth_of_a_task_with_one_of_two_required_labels_is_pending()
    {
        var half = Some.Item("half", labels: [Some.Label("ann", "c")]) with { RequiredLabels = 2 };
        var full = Some.Item("full", labels: [Some.Label("ann", "c"), Some.Label("bob", "c")]) with { RequiredLabels = 2 };
        var decided = Some.Item("decided", adjudicated: Some.Verdict("c"), labels: [Some.Label("ann", "c")]) with { RequiredLabels = 3 };

        Assert.False(half.IsComplete);
        Assert.Null(half.Truth);
        Assert.True(full.IsComplete);
        Assert.Equal(["c"], full.Truth!.Categories);
        Assert.True(decided.IsComplete);
        Assert.Equal(["c"], decided.Truth!.Categories);
    }

    [Fact]
    public void Agreement_skips_a_calibration_task_with_two_of_its_three_labels()
    {
        var items = Some.Binary(both: 8, split: 2);
        var withPartial = items.Append(Some.Item("partial", labels: [Some.Label("ann", "c"), Some.Label("bob")]) with { RequiredLabels = 3 }).ToList();

        var report = LabelAgreement.Compute(items, ReviewPolicy.Default, Some.Fast);
        var withPending = LabelAgreement.Compute(withPartial, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(report.Items, withPending.Items);
        Assert.Equal(report.Overall.Alpha.Value, withPending.Overall.Alpha.Value, 12);
    }

    [Fact]
    public void Metrics_count_a_half_labelled_item_as_pending_and_not_in_prevalence()
    {
        var population = new PopulationCounts(new Dictionary<Assay.Routing.Tier, long> { [Assay.Routing.Tier.Audit] = 10 }, new Dictionary<string, long>());
        var half = Some.Item("half", labels: [Some.Label("ann", "c")]) with { RequiredLabels = 2 };

        var report = AssuranceMetrics.Compute([half], population, ReviewPolicy.Default, Some.Fast);

        Assert.Equal(1, report.Reviewed);
        Assert.Equal(1, report.Pending);
        Assert.Equal(0, report.Decided);
        Assert.All(report.Prevalence.Where(p => p.Category == "c"), p => Assert.Equal(0, p.EstimatedCount));
    }
}
