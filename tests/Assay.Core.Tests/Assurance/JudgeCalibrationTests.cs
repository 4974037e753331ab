using Assay.Assurance;
using Assay.Judging;

namespace Assay.Core.Tests.Assurance;

public sealed class JudgeCalibrationTests
{
    private const double Z = 1.959963984540054;

    /// <summary>
    /// Cohen's textbook 2×2 example (50 items): both say fail 20, both pass 15, judge fail / humans pass 5,
    /// judge pass / humans fail 10. Published κ = 0.4 (observed 0.7, chance 0.5).
    /// </summary>
    private static List<JudgedItem> Textbook()
    {
        var items = new List<JudgedItem>();
        void Add(int count, JudgeOutcome judge, bool human)
        {
            for (var i = 0; i < count; i++)
                items.Add(new JudgedItem($"i{items.Count}", judge, human));
        }

        Add(20, JudgeOutcome.Fail, true);
        Add(15, JudgeOutcome.Pass, false);
        Add(5, JudgeOutcome.Fail, false);
        Add(10, JudgeOutcome.Pass, true);
        return items;
    }

    [Fact]
    public void Agreement_matches_the_published_kappa_and_closed_forms_of_alpha_and_ac1()
    {
        var calibration = JudgeCalibration.Compute("judge.h", "hallucination", Textbook(), threshold: 0.667);

        Assert.Equal(50, calibration.Items);
        Assert.Equal(0.4, calibration.Kappa.Value, 1e-12);

        // Two raters, 100 pairable values: coincidences fail–fail 40, pass–pass 30, mixed 2 × 15; n_fail 55, n_pass 45.
        const double n = 100, mixed = 30, nFail = 55, nPass = 45;
        var alpha = 1 - (mixed / n) / (2 * nFail * nPass / (n * (n - 1)));
        Assert.Equal(alpha, calibration.Alpha.Value, 1e-12);

        // Gwet: observed 0.7; chance 2·π(1 − π) with π the mean share of fail over both raters, (0.5 + 0.6) / 2.
        const double pi = 0.55;
        var chance = 2 * pi * (1 - pi);
        Assert.Equal((0.7 - chance) / (1 - chance), calibration.Ac1.Value, 1e-12);
        Assert.True(calibration.Alpha.Low < calibration.Alpha.Value && calibration.Alpha.Value < calibration.Alpha.High);
    }

    [Fact]
    public void Precision_and_recall_against_the_humans_carry_wilson_intervals()
    {
        var calibration = JudgeCalibration.Compute("judge.h", "hallucination", Textbook(), threshold: 0.667);

        Assert.Equal(20.0 / 25, calibration.Precision.Value, 1e-12);
        Assert.Equal(20.0 / 30, calibration.Recall.Value, 1e-12);
        var (low, high) = Wilson(20, 25);
        Assert.Equal(low, calibration.Precision.Low, 1e-9);
        Assert.Equal(high, calibration.Precision.High, 1e-9);
        (low, high) = Wilson(20, 30);
        Assert.Equal(low, calibration.Recall.Low, 1e-9);
        Assert.Equal(high, calibration.Recall.High, 1e-9);
    }

    [Fact]
    public void A_judge_below_the_threshold_is_unreliable_and_one_above_is_reliable()
    {
        var weak = JudgeCalibration.Compute("judge.h", "hallucination", Textbook(), threshold: 0.667);
        var perfect = Enumerable.Range(0, 40).Select(i => new JudgedItem($"p{i}", i % 3 == 0 ? JudgeOutcome.Fail : JudgeOutcome.Pass, i % 3 == 0)).ToList();
        var strong = JudgeCalibration.Compute("judge.h", "hallucination", perfect, threshold: 0.667);

        Assert.False(weak.Reliable);
        Assert.StartsWith("unreliable: judge–human alpha 0.4 on 50 items", weak.Reliability.Reason, StringComparison.Ordinal);
        Assert.True(strong.Reliable);
        Assert.Equal(1, strong.Alpha.Value, 1e-12);
    }

    [Fact]
    public void Malformed_verdicts_are_counted_apart_and_too_few_items_is_insufficient_data()
    {
        var items = Textbook().Take(10).Append(new JudgedItem("m1", JudgeOutcome.Malformed, true)).Append(new JudgedItem("m2", JudgeOutcome.Malformed, false)).ToList();

        var calibration = JudgeCalibration.Compute("judge.h", "hallucination", items, threshold: 0.667);

        Assert.Equal((10, 2), (calibration.Items, calibration.Malformed));
        Assert.Equal(Assay.Assurance.ReliabilityStatus.InsufficientData, calibration.Reliability.Status);
        Assert.Contains("only 10 items were both judged and decided by humans", calibration.Reliability.Reason, StringComparison.Ordinal);
    }

    private static (double Low, double High) Wilson(double successes, double trials)
    {
        var p = successes / trials;
        var centre = (p + (Z * Z / (2 * trials))) / (1 + (Z * Z / trials));
        var half = Z / (1 + (Z * Z / trials)) * Math.Sqrt((p * (1 - p) / trials) + (Z * Z / (4 * trials * trials)));
        return (centre - half, centre + half);
    }

    [Fact]
    public void Compute_with_no_co_rated_item_is_undefined_and_insufficient_not_an_error()
    {
        var calibration = JudgeCalibration.Compute("judge.h", "hallucination", [new JudgedItem("i0", JudgeOutcome.Malformed, true)], threshold: 0.667);

        Assert.Equal((0, 1), (calibration.Items, calibration.Malformed));
        Assert.True(double.IsNaN(calibration.Alpha.Value) && double.IsNaN(calibration.Precision.Value));
        Assert.Equal(Assay.Assurance.ReliabilityStatus.InsufficientData, calibration.Reliability.Status);
        Assert.False(calibration.Unreliable);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Compute_with_one_or_two_co_rated_items_is_insufficient_not_an_error(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new JudgedItem($"i{i}", JudgeOutcome.Fail, i == 0)).ToList();

        var calibration = JudgeCalibration.Compute("judge.h", "hallucination", items, threshold: 0.667);

        Assert.Equal(count, calibration.Items);
        Assert.Equal(Assay.Assurance.ReliabilityStatus.InsufficientData, calibration.Reliability.Status);
    }
}
