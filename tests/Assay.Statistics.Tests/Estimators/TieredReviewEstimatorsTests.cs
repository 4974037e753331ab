using Assay.Statistics.Estimators;
using Assay.Statistics.Intervals;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Estimators;

public sealed class TieredReviewEstimatorsTests
{
    [Property(MaxTest = 100)]
    public void Precision_equalInclusionProbabilities_isTheWilsonInterval(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(1, 200);
        var pi = 0.05 + (random.NextDouble() * 0.95);
        var items = Enumerable.Range(0, n).Select(_ => new ReviewedItem(random.NextDouble() < 0.3, pi)).ToArray();
        var k = items.Count(i => i.Positive);

        var precision = TieredReviewEstimators.Precision(items);

        // Equal weights: the Hájek estimate is k/n, V = (1 − π)p(1 − p)/n, so n_eff = n/(1 − π) is capped at n: Wilson's interval.
        Assert.Equal(k / (double)n, precision.Value, 1e-12);
        var wilson = ProportionInterval.Compute(k, n);
        Assert.Equal(wilson.Low, precision.Low, 1e-9);
        Assert.Equal(wilson.High, precision.High, 1e-9);
    }

    [Property(MaxTest = 200)]
    public void Prevalence_integerWeights_equalsShareInExpandedPopulation(int seed)
    {
        // Naive check of the weighting: an item with π = 1/w stands for w interactions, so the Hájek estimate must equal
        // the plain share of positives after writing every item out w times.
        var random = new Random(seed);
        var items = Enumerable.Range(0, random.Next(1, 60))
            .Select(_ => new ReviewedItem(random.NextDouble() < 0.2, 1.0 / random.Next(1, 50)))
            .ToArray();
        var expanded = items.SelectMany(i => Enumerable.Repeat(i.Positive, (int)Math.Round(1 / i.InclusionProbability))).ToArray();

        var prevalence = TieredReviewEstimators.Prevalence(items);

        Assert.Equal(expanded.Count(p => p) / (double)expanded.Length, prevalence.Value, 1e-9);
        Assert.Equal(expanded.Count(p => p) / 10_000.0, TieredReviewEstimators.Prevalence(items, populationSize: 10_000).Value, 1e-9);
    }

    [Fact]
    public void Precision_allFlagsReviewed_equalsWilson()
    {
        var items = Enumerable.Range(0, 40).Select(i => new ReviewedItem(i < 30, 1)).ToArray();

        var precision = TieredReviewEstimators.Precision(items);
        var wilson = ProportionInterval.Compute(30, 40);

        Assert.Equal(wilson.Low, precision.Low, 1e-12);
        Assert.Equal(wilson.High, precision.High, 1e-12);
    }

    [Fact]
    public void UnflaggedFailureRate_noFailuresInAudit_hasHonestUpperBound()
    {
        var audit = Enumerable.Range(0, 200).Select(_ => new ReviewedItem(false, 0.01)).ToArray();

        var rate = TieredReviewEstimators.UnflaggedFailureRate(audit);

        Assert.Equal(0, rate.Value);
        Assert.Equal(0, rate.Low);
        Assert.InRange(rate.High, 0.01, 0.03); // Wilson upper bound for 0/200 is 0.0188
        Assert.Null(rate.Warning);
    }

    [Fact]
    public void Precision_fewReviews_warns()
    {
        var rate = TieredReviewEstimators.Precision([new ReviewedItem(true, 1), new ReviewedItem(false, 1)]);

        Assert.NotNull(rate.Warning);
        Assert.Equal(2, rate.SampleSize);
    }

    [Fact]
    public void Prevalence_stratifiedDesign_isUnbiasedAndCoversTheTruth()
    {
        // Population: 20,000 flagged items (40 % failures), 180,000 unflagged (1 % failures): prevalence 4.9 %.
        // Each replicate reviews flags with π = 0.02 and unflagged with π = 0.005 (Poisson sampling).
        // 400 replicates: the mean estimate is within 0.002 of the truth and the 95 % interval covers it ≥ 92 % of the time.
        var random = new Random(42);
        const double truth = ((20_000 * 0.4) + (180_000 * 0.01)) / 200_000;
        int covered = 0, reps = 400;
        var mean = 0.0;
        for (var rep = 0; rep < reps; rep++)
        {
            var reviewed = new List<ReviewedItem>();
            Draw(random, reviewed, 20_000, 0.4, 0.02);
            Draw(random, reviewed, 180_000, 0.01, 0.005);
            var estimate = TieredReviewEstimators.Prevalence(reviewed, populationSize: 200_000);
            mean += estimate.Value / reps;
            covered += estimate.Low <= truth && truth <= estimate.High ? 1 : 0;
        }

        Assert.Equal(truth, mean, 0.002);
        Assert.InRange(covered / (double)reps, 0.92, 1.0);
    }

    [Fact]
    public void Recall_noMissesInAudit_lowerBoundStaysBelowOne()
    {
        var flags = Enumerable.Range(0, 100).Select(i => new ReviewedItem(i < 80, 0.1)).ToArray();
        var audit = Enumerable.Range(0, 300).Select(_ => new ReviewedItem(false, 0.003)).ToArray();

        var recall = TieredReviewEstimators.Recall(flags, flaggedCount: 1_000, audit, unflaggedCount: 100_000);

        Assert.Equal(1, recall.Recall.Value);
        Assert.InRange(recall.Recall.Low, 0.1, 0.9);
        Assert.Equal(0, recall.FalseNegativeRate.Value);
        Assert.Equal(1 - recall.Recall.Low, recall.FalseNegativeRate.High, 1e-12);
    }

    [Fact]
    public void Recall_bothStrata_combinesEstimatedTotals()
    {
        var flags = Enumerable.Range(0, 100).Select(i => new ReviewedItem(i < 50, 0.1)).ToArray();
        var audit = Enumerable.Range(0, 1000).Select(i => new ReviewedItem(i < 10, 0.01)).ToArray();

        var recall = TieredReviewEstimators.Recall(flags, 1_000, audit, 100_000);

        // Caught ≈ 1,000 × 0.5 = 500; missed ≈ 100,000 × 0.01 = 1,000; recall = 1/3.
        Assert.Equal(500, recall.EstimatedCaught, 1e-9);
        Assert.Equal(1000, recall.EstimatedMissed, 1e-9);
        Assert.Equal(1 / 3.0, recall.Recall.Value, 1e-12);
        Assert.InRange(recall.Recall.Value, recall.Recall.Low, recall.Recall.High);
    }

    [Fact]
    public void PredictiveValues_rareFailure_ppvIsLowDespiteGoodAccuracy()
    {
        // se = 90/100, sp = 900/1000, base rate 1 %: PPV = .009/(.009 + .099) = 0.0833…, NPV = .891/(.891 + .001).
        var result = TieredReviewEstimators.PredictiveValues(90, 10, 900, 100, 0.01);

        Assert.Equal(0.009 / 0.108, result.PositivePredictiveValue.Value, 1e-12);
        Assert.Equal(0.891 / 0.892, result.NegativePredictiveValue.Value, 1e-12);
        Assert.InRange(result.PositivePredictiveValue.Value, result.PositivePredictiveValue.Low, result.PositivePredictiveValue.High);
    }

    [Fact]
    public void Prevalence_invalidInclusionProbability_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TieredReviewEstimators.Prevalence([new ReviewedItem(true, 0)]));
    }

    private static void Draw(Random random, List<ReviewedItem> reviewed, int size, double failureRate, double pi)
    {
        for (var i = 0; i < size; i++)
        {
            var failure = random.NextDouble() < failureRate;
            if (random.NextDouble() < pi)
            {
                reviewed.Add(new ReviewedItem(failure, pi));
            }
        }
    }
}
