using Assay.Statistics;
using Assay.Statistics.Intervals;

namespace Assay.Assurance;

/// <summary>One labelled interaction as a policy judged it: the categories humans found, and the rules that fired.</summary>
/// <param name="Labels">The failure categories the label names; empty for "no failure".</param>
public sealed record EvaluatedItem(string Id, IReadOnlySet<string> Labels, IReadOnlyList<(string Rule, string Category)> Flags);

/// <summary>How one rule, one category's rules, or all rules together did against the labels.</summary>
/// <param name="Name">The rule id, the category, or <see cref="AgreementReport.AnyFailure"/>.</param>
/// <param name="Category">The category a rule flags (for a category or "any failure", the same as <paramref name="Name"/>).</param>
/// <param name="Flagged">Items it flagged.</param>
/// <param name="Positives">Items labelled with its category (any category for "any failure").</param>
/// <param name="TruePositives">Items it flagged that carry its category.</param>
public sealed record DetectionScore(
    string Name, string Category, int Flagged, int Positives, int TruePositives, Estimate Precision, Estimate Recall, Estimate F1);

/// <summary>An item whose flags differ between two policies.</summary>
/// <param name="Added">Rules that fire under the evaluated policy and not under the other.</param>
/// <param name="Removed">Rules that fire under the other policy and not under the evaluated one.</param>
public sealed record FlagChange(string Id, IReadOnlySet<string> Labels, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

/// <summary>
/// A policy judged offline against labelled data, before it goes live: precision, recall and F1 per rule, per category
/// and for any failure, with intervals (<c>assay policy evaluate</c>).
/// </summary>
/// <remarks>
/// Every item is labelled, so the counts are a plain confusion table, not the weighted estimates of live traffic:
/// precision and recall get Wilson intervals; F1, a ratio of both, a percentile bootstrap over items (seeded).
/// </remarks>
public sealed record PolicyEvaluation(int Items, DetectionScore AnyFailure, IReadOnlyList<DetectionScore> Categories, IReadOnlyList<DetectionScore> Rules)
{
    /// <param name="categories">The policy's categories (those only in labels are added).</param>
    /// <param name="rules">The policy's rules and the category each flags, so that a rule that never fired is reported too.</param>
    public static PolicyEvaluation Compute(
        IReadOnlyList<EvaluatedItem> items,
        IEnumerable<string> categories,
        IEnumerable<(string Rule, string Category)> rules,
        double confidence = 0.95,
        int resamples = 1_000,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(items);
        var bootstrap = new F1Bootstrap(items.Count, resamples, seed);
        var any = Score(AgreementReport.AnyFailure, AgreementReport.AnyFailure, items, i => i.Flags.Count > 0, i => i.Labels.Count > 0, confidence, bootstrap);
        var byCategory = categories.Concat(items.SelectMany(i => i.Labels)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(c => Score(c, c, items, i => i.Flags.Any(f => f.Category == c), i => i.Labels.Contains(c), confidence, bootstrap))
            .ToList();
        var byRule = rules.Concat(items.SelectMany(i => i.Flags)).Distinct().OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.Item1, StringComparer.Ordinal)
            .Select(r => Score(r.Item1, r.Item2, items, i => i.Flags.Any(f => f.Rule == r.Item1), i => i.Labels.Contains(r.Item2), confidence, bootstrap))
            .ToList();
        return new PolicyEvaluation(items.Count, any, byCategory, byRule);
    }

    /// <summary>The items whose rules differ between <paramref name="evaluated"/> and <paramref name="other"/> (matched by id), in the order of <paramref name="evaluated"/>.</summary>
    public static IReadOnlyList<FlagChange> Changes(IReadOnlyList<EvaluatedItem> evaluated, IReadOnlyList<EvaluatedItem> other)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        ArgumentNullException.ThrowIfNull(other);
        var before = other.ToDictionary(i => i.Id, i => i.Flags.Select(f => f.Rule).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var changes = new List<FlagChange>();
        foreach (var item in evaluated)
        {
            var now = item.Flags.Select(f => f.Rule).ToHashSet(StringComparer.Ordinal);
            var then = before.GetValueOrDefault(item.Id) ?? [];
            if (now.SetEquals(then))
                continue;
            changes.Add(new FlagChange(item.Id, item.Labels, [.. now.Except(then).Order(StringComparer.Ordinal)], [.. then.Except(now).Order(StringComparer.Ordinal)]));
        }

        return changes;
    }

    private static DetectionScore Score(
        string name, string category, IReadOnlyList<EvaluatedItem> items, Func<EvaluatedItem, bool> flagged, Func<EvaluatedItem, bool> positive,
        double confidence, F1Bootstrap bootstrap)
    {
        var outcomes = new byte[items.Count];
        int flags = 0, positives = 0, hits = 0;
        for (var i = 0; i < items.Count; i++)
        {
            bool f = flagged(items[i]), p = positive(items[i]);
            outcomes[i] = (byte)((f ? 1 : 0) | (p ? 2 : 0));
            flags += f ? 1 : 0;
            positives += p ? 1 : 0;
            hits += f && p ? 1 : 0;
        }

        var precision = ProportionInterval.Compute(hits, flags, IntervalMethod.Wilson, confidence);
        var recall = ProportionInterval.Compute(hits, positives, IntervalMethod.Wilson, confidence);
        return new DetectionScore(name, category, flags, positives, hits, precision, recall, bootstrap.Interval(outcomes, hits, flags, positives, confidence));
    }

    /// <summary>
    /// F1 = 2TP / (2TP + FP + FN) with a percentile interval over items resampled with replacement; the same resamples
    /// for every rule and category, so their intervals are comparable. Undefined (NaN) when nothing is flagged or labelled.
    /// </summary>
    private sealed class F1Bootstrap
    {
        private readonly int[][] _draws;

        public F1Bootstrap(int items, int resamples, int seed)
        {
            var random = new Random(seed);
            _draws = items == 0 ? [] : [.. Enumerable.Range(0, resamples).Select(_ => Enumerable.Range(0, items).Select(_ => random.Next(items)).ToArray())];
        }

        public Estimate Interval(byte[] outcomes, int hits, int flags, int positives, double confidence)
        {
            var value = F1(hits, flags, positives);
            if (double.IsNaN(value))
                return new Estimate(double.NaN, double.NaN, double.NaN, confidence, outcomes.Length, "bootstrap-percentile", "nothing flagged and nothing labelled: F1 is undefined");
            var replicates = new List<double>(_draws.Length);
            foreach (var draw in _draws)
            {
                int f = 0, p = 0, tp = 0;
                foreach (var index in draw)
                {
                    var outcome = outcomes[index];
                    f += outcome & 1;
                    p += outcome >> 1;
                    tp += outcome == 3 ? 1 : 0;
                }

                if (F1(tp, f, p) is var replicate && !double.IsNaN(replicate))
                    replicates.Add(replicate);
            }

            replicates.Sort();
            var tail = (1 - confidence) / 2;
            var low = replicates.Count == 0 ? value : replicates[(int)Math.Floor(tail * (replicates.Count - 1))];
            var high = replicates.Count == 0 ? value : replicates[(int)Math.Ceiling((1 - tail) * (replicates.Count - 1))];
            return new Estimate(value, Math.Min(low, value), Math.Max(high, value), confidence, outcomes.Length, "bootstrap-percentile");
        }

        private static double F1(int hits, int flags, int positives) => flags + positives == 0 ? double.NaN : 2.0 * hits / (flags + positives);
    }
}
