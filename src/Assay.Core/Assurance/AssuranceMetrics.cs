using Assay.Review;
using Assay.Routing;
using Assay.Statistics;
using Assay.Statistics.Estimators;
using Sample = Assay.Statistics.Estimators.ReviewedItem;

namespace Assay.Assurance;

/// <summary>Puts the tiered-review estimators to work on reviewed items: rule precision, recall and false-negative rate, prevalence.</summary>
/// <remarks>
/// Pure and thread-safe. Every item is weighted by the inverse of its stored inclusion probability, so tiers reviewed
/// at different rates do not bias the estimates. Items whose truth is undecided are left out and counted as pending.
/// Every metric carries the reliability mark of the agreement on its category.
/// </remarks>
public static class AssuranceMetrics
{
    /// <summary>Computes the report for the items of one window and the population they were drawn from.</summary>
    /// <param name="items">Reviewed items of the window (see <see cref="LabelAgreement.Window"/>).</param>
    /// <param name="population">Interactions per tier and flags per rule in the same window.</param>
    /// <param name="policy">The review policy whose agreement threshold marks reliability.</param>
    /// <param name="options">Confidence, bootstrap and categories to report; defaults when null.</param>
    /// <param name="agreement">Agreement already computed on the same items, to avoid a second bootstrap; computed when null.</param>
    public static AssuranceReport Compute(
        IReadOnlyList<Review.ReviewedItem> items,
        PopulationCounts population,
        ReviewPolicy policy,
        AssuranceOptions? options = null,
        AgreementReport? agreement = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(policy);
        options ??= AssuranceOptions.Default;
        foreach (var item in items)
        {
            if (!(item.InclusionProbability > 0 && item.InclusionProbability <= 1))
            {
                throw new ArgumentException(
                    $"Interaction '{item.InteractionId}' has inclusion probability {item.InclusionProbability}; it must lie in (0, 1].", nameof(items));
            }
        }

        agreement ??= LabelAgreement.Compute(items, policy, options);
        var judged = items.Select(i => new Judged(i, i.Truth)).ToList();
        var pending = judged.Count(j => j.Truth is null);
        var categories = agreement.Categories.Select(c => c.Category)
            .Concat(judged.SelectMany(j => j.Truth?.Categories ?? Enumerable.Empty<string>()))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var context = new Context(judged, population, agreement, options.Confidence, options.Seed);

        return new AssuranceReport(
            items.Count,
            judged.Count - pending,
            pending,
            context.PopulationSize,
            agreement,
            context.Precision(),
            [.. categories.Select(c => context.Recall(c, i => i.FlaggedRules.Any(f => f.Category == c), v => v.Categories.Contains(c)))],
            context.Recall(AgreementReport.AnyFailure, i => i.FlaggedRules.Count > 0, v => !v.NoFailure),
            [.. categories.Select(c => context.Prevalence(c, v => v.Categories.Contains(c)))],
            context.Prevalence(AgreementReport.AnyFailure, v => !v.NoFailure));
    }

    private sealed record Judged(Review.ReviewedItem Item, Verdict? Truth)
    {
        public double Weight => 1 / Item.InclusionProbability;

        public Sample Sample(Func<Verdict, bool> positive) => new(positive(Truth!), Item.InclusionProbability);
    }

    private sealed class Context(List<Judged> judged, PopulationCounts population, AgreementReport agreement, double confidence, ulong seed)
    {
        public long PopulationSize { get; } = population.ByTier.Values.Sum();

        public List<RulePrecision> Precision()
        {
            var rules = judged.SelectMany(j => j.Item.FlaggedRules).Distinct()
                .OrderBy(r => r.Rule, StringComparer.Ordinal).ThenBy(r => r.Category, StringComparer.Ordinal);
            var result = new List<RulePrecision>();
            foreach (var (rule, category) in rules)
            {
                var flagged = judged.Where(j => j.Item.FlaggedRules.Contains((rule, category))).ToList();
                var decided = flagged.Where(j => j.Truth is not null).ToList();
                bool Confirmed(Verdict v) => v.Categories.Contains(category);
                result.Add(new RulePrecision(
                    rule,
                    category,
                    TieredReviewEstimators.Precision([.. decided.Select(j => j.Sample(Confirmed))], confidence),
                    population.FlagsByRule.TryGetValue(rule, out var flags) ? flags : null,
                    decided.Where(j => Confirmed(j.Truth!)).Sum(j => j.Weight),
                    flagged.Count - decided.Count,
                    agreement.ReliabilityOf(category)));
            }

            return result;
        }

        public CategoryRecall Recall(string category, Func<Review.ReviewedItem, bool> flaggedFor, Func<Verdict, bool> positive)
        {
            var flagged = judged.Where(j => flaggedFor(j.Item)).ToList();
            var audit = judged.Where(j => j.Item.Tier == Tier.Audit && j.Item.FlaggedRules.Count == 0).ToList();
            var flaggedSample = flagged.Where(j => j.Truth is not null).Select(j => j.Sample(positive)).ToList();
            var auditSample = audit.Where(j => j.Truth is not null).Select(j => j.Sample(positive)).ToList();

            // The number of interactions flagged for the category is estimated as Σ 1/π over its reviewed flags (pending
            // included): the store counts flags per rule, and a rule count would count an interaction flagged twice twice.
            var flaggedCount = (long)Math.Round(flagged.Sum(j => j.Weight));
            var unflaggedCount = population.ByTier.GetValueOrDefault(Tier.None) + population.ByTier.GetValueOrDefault(Tier.Audit);
            var estimate = TieredReviewEstimators.Recall(flaggedSample, flaggedCount, auditSample, unflaggedCount, confidence, seed: seed);
            return new CategoryRecall(
                category,
                estimate.Recall,
                estimate.FalseNegativeRate,
                estimate.EstimatedCaught,
                estimate.EstimatedMissed,
                flaggedSample.Count,
                auditSample.Count,
                flagged.Count + audit.Count - flaggedSample.Count - auditSample.Count,
                agreement.ReliabilityOf(category))
            {
                ConservativeRecall = estimate.Conservative,
            };
        }

        public CategoryPrevalence Prevalence(string category, Func<Verdict, bool> positive)
        {
            var decided = judged.Where(j => j.Truth is not null).ToList();
            var sample = decided.Select(j => j.Sample(positive)).ToList();
            var estimate = TieredReviewEstimators.Prevalence(sample, PopulationSize > 0 ? PopulationSize : null, confidence);
            double count = 0, variance = 0;
            foreach (var j in decided.Where(j => positive(j.Truth!)))
            {
                count += j.Weight;
                variance += (1 - j.Item.InclusionProbability) * j.Weight * j.Weight;
            }

            return new CategoryPrevalence(category, estimate, count, Math.Sqrt(variance), judged.Count - decided.Count,
                agreement.ReliabilityOf(category));
        }
    }
}
