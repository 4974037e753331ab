using Assay.Statistics.Distributions;
using Assay.Statistics.Resampling;

namespace Assay.Statistics.Estimators;

/// <summary>One setting of the recall coverage study: how common failures are, how much is audited, how good the flags are, how much traffic.</summary>
public sealed record RecallCoverageCell(double Prevalence, double AuditRate, double FlagRecall, int Population);

/// <summary>How often each recall interval held the population's true recall in one cell, and how wide it was on average.</summary>
/// <param name="Skipped">Replicates with no failure at all, where recall is undefined.</param>
/// <param name="DeltaCoverage">The candidate not chosen: a delta-method interval on logit(recall) (undefined, so missing, when a stratum shows 0 or 1).</param>
public sealed record RecallCoverageResult(
    RecallCoverageCell Cell, int Replicates, int Skipped, double PosteriorCoverage, double PosteriorWidth, double ConservativeCoverage, double ConservativeWidth,
    double DeltaCoverage, double DeltaWidth);

/// <summary>
/// A coverage simulation of the recall intervals under Assay's tiered design: the evidence for choosing the default
/// interval (docs/STATISTICS.md).
/// </summary>
/// <remarks>
/// Each replicate draws a population of <see cref="RecallCoverageCell.Population"/> interactions: failures at the
/// prevalence; a failure flagged with probability <see cref="RecallCoverageCell.FlagRecall"/>, a non-failure with
/// <see cref="FalseFlagRate"/>; flagged items reviewed with probability <see cref="FlaggedReviewShare"/> and unflagged
/// ones audited at the audit rate. The truth is that population's own recall (flagged failures / failures), and an
/// interval covers when it holds it. Counts are drawn as binomials, so a replicate costs the same at any population.
/// </remarks>
public static class RecallCoverage
{
    public const double FlaggedReviewShare = 0.5;
    public const double FalseFlagRate = 0.02;

    /// <summary>The grid of the study: 3 prevalences × 2 audit rates × 2 flag recalls × 2 traffic volumes.</summary>
    public static IReadOnlyList<RecallCoverageCell> Grid { get; } =
        [.. from prevalence in new[] { 0.02, 0.1, 0.3 }
            from audit in new[] { 0.05, 0.15 }
            from recall in new[] { 0.6, 0.9 }
            from population in new[] { 2_000, 20_000 }
            select new RecallCoverageCell(prevalence, audit, recall, population)];

    public static RecallCoverageResult Run(RecallCoverageCell cell, int replicates, ulong seed, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        var random = new SplitMix64(seed);
        int counted = 0, skipped = 0, posteriorHits = 0, conservativeHits = 0, deltaHits = 0;
        double posteriorWidth = 0, conservativeWidth = 0, deltaWidth = 0;
        var z = NormalDistribution.TwoSidedCritical(confidence);
        for (var replicate = 0; replicate < replicates; replicate++)
        {
            var failures = RandomVariates.Binomial(ref random, cell.Population, cell.Prevalence);
            if (failures == 0)
            {
                skipped++;
                continue;
            }

            var caught = RandomVariates.Binomial(ref random, failures, cell.FlagRecall);
            var falseFlags = RandomVariates.Binomial(ref random, cell.Population - failures, FalseFlagRate);
            var missed = failures - caught;
            var clean = cell.Population - failures - falseFlags;
            var reviewed = Sample(ref random, caught, falseFlags, FlaggedReviewShare);
            var audited = Sample(ref random, missed, clean, cell.AuditRate);
            var estimate = TieredReviewEstimators.Recall(reviewed, caught + falseFlags, audited, missed + clean, confidence, seed: (ulong)replicate);

            var truth = (double)caught / failures;
            counted++;
            posteriorHits += estimate.Recall.Low <= truth && truth <= estimate.Recall.High ? 1 : 0;
            conservativeHits += estimate.Conservative!.Low <= truth && truth <= estimate.Conservative.High ? 1 : 0;
            posteriorWidth += estimate.Recall.Width;
            conservativeWidth += estimate.Conservative.Width;
            var (low, high) = DeltaLogit(reviewed, caught + falseFlags, audited, missed + clean, z);
            deltaHits += low <= truth && truth <= high ? 1 : 0;
            deltaWidth += high - low;
        }

        return counted == 0
            ? new RecallCoverageResult(cell, replicates, skipped, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new RecallCoverageResult(cell, replicates, skipped,
                (double)posteriorHits / counted, posteriorWidth / counted, (double)conservativeHits / counted, conservativeWidth / counted,
                (double)deltaHits / counted, deltaWidth / counted);
    }

    /// <summary>
    /// The delta method on logit(R), R = C/(C + M), C = N_F·p̂_F, M = N_U·p̂_U, with each p̂'s design variance: Var(R) =
    /// (M²N_F²V_F + C²N_U²V_U)/(C + M)⁴. When R is 0 or 1 its logit is infinite and the method says nothing: the
    /// interval is then [R, R], which is why it was not chosen (an audit that finds no miss is common).
    /// </summary>
    private static (double Low, double High) DeltaLogit(List<ReviewedItem> reviewed, long flagged, List<ReviewedItem> audited, long unflagged, double z)
    {
        var (pF, nF) = WeightedProportion.HajekEffectiveForPopulation(reviewed);
        var (pU, nU) = WeightedProportion.HajekEffectiveForPopulation(audited);
        double c = flagged * pF, m = unflagged * pU;
        if (c + m <= 0)
            return (0, 1);
        var r = c / (c + m);
        if (r <= 0 || r >= 1)
            return (r, r);
        var vF = nF > 0 ? pF * (1 - pF) / nF : 0.25;
        var vU = nU > 0 ? pU * (1 - pU) / nU : 0.25;
        var variance = ((m * m * flagged * (double)flagged * vF) + (c * c * unflagged * (double)unflagged * vU)) / Math.Pow(c + m, 4);
        var logit = Math.Log(r / (1 - r));
        var half = z * Math.Sqrt(variance) / (r * (1 - r));
        return (1 / (1 + Math.Exp(-(logit - half))), 1 / (1 + Math.Exp(-(logit + half))));
    }

    /// <summary>The reviewed items of a stratum with <paramref name="positives"/> failures and <paramref name="negatives"/> others, each kept with probability <paramref name="share"/>.</summary>
    private static List<ReviewedItem> Sample(ref SplitMix64 random, long positives, long negatives, double share)
    {
        var found = RandomVariates.Binomial(ref random, positives, share);
        var cleared = RandomVariates.Binomial(ref random, negatives, share);
        var items = new List<ReviewedItem>((int)(found + cleared));
        for (var i = 0L; i < found; i++)
            items.Add(new ReviewedItem(true, share));
        for (var i = 0L; i < cleared; i++)
            items.Add(new ReviewedItem(false, share));
        return items;
    }
}
