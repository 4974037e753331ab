using Assay.Monitoring;

namespace Assay.Reporting;

/// <summary>What the traffic charts need of one bucket's features: the count, the flag-category sets, score moments per version and the drift sample.</summary>
/// <remarks>
/// Immutable once built, so one bucket whose features have not changed can serve every request (see
/// <see cref="TrafficSummaryCache"/>) and can key the drift points computed from it (see <see cref="ChartMemo"/>).
/// </remarks>
public sealed class TrafficBucket
{
    private TrafficBucket(int count, IReadOnlyList<(IReadOnlyList<string> Categories, int Count)> flagSets,
        IReadOnlyDictionary<string, ScoreMoments> scores, IReadOnlyList<InteractionFeatures> driftSample)
    {
        Count = count;
        FlagSets = flagSets;
        Scores = scores;
        DriftSample = driftSample;
    }

    public static TrafficBucket Empty { get; } = new(0, [], new Dictionary<string, ScoreMoments>(StringComparer.Ordinal), []);

    /// <summary>Interactions in the bucket.</summary>
    public int Count { get; }

    /// <summary>Each distinct non-empty set of flag categories, with how many interactions had exactly that set.</summary>
    public IReadOnlyList<(IReadOnlyList<string> Categories, int Count)> FlagSets { get; }

    /// <summary>Self-agreement moments per model version; a version whose only scores are not finite has <c>N = 0</c>.</summary>
    public IReadOnlyDictionary<string, ScoreMoments> Scores { get; }

    /// <summary>The bucket thinned evenly to at most <see cref="DriftChart.MaxPerBucket"/> (every k-th, in the order given).</summary>
    public IReadOnlyList<InteractionFeatures> DriftSample { get; }

    /// <summary>Aggregates one bucket's features in one pass, in the order given.</summary>
    public static TrafficBucket From(IReadOnlyList<InteractionFeatures> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
            return Empty;
        var sets = new Dictionary<IReadOnlyList<string>, int>(CategorySetComparer.Instance);
        var scores = new Dictionary<string, ScoreMoments>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var feature = features[i];
            if (feature.FlagCategories.Count > 0)
                sets[feature.FlagCategories] = sets.GetValueOrDefault(feature.FlagCategories) + 1;
            if (feature.SelfAgreement is { } score)
            {
                var moments = scores.GetValueOrDefault(feature.ModelVersion);
                scores[feature.ModelVersion] = double.IsFinite(score) ? moments.Add(score) : moments;
            }
        }

        return new TrafficBucket(features.Count, [.. sets.Select(p => (p.Key, p.Value))], scores, Thin(features));
    }

    private static InteractionFeatures[] Thin(IReadOnlyList<InteractionFeatures> features)
    {
        if (features.Count <= DriftChart.MaxPerBucket)
            return [.. features];
        var step = features.Count / (double)DriftChart.MaxPerBucket;
        var thinned = new InteractionFeatures[DriftChart.MaxPerBucket];
        for (var i = 0; i < thinned.Length; i++)
            thinned[i] = features[(int)(i * step)];
        return thinned;
    }

    /// <summary>Compares category sets by their items (they are distinct and sorted), so equal sets count together.</summary>
    private sealed class CategorySetComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static CategorySetComparer Instance { get; } = new();

        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y)
        {
            if (ReferenceEquals(x, y))
                return true;
            if (x is null || y is null || x.Count != y.Count)
                return false;
            for (var i = 0; i < x.Count; i++)
            {
                if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
                    return false;
            }

            return true;
        }

        public int GetHashCode(IReadOnlyList<string> obj)
        {
            var hash = new HashCode();
            foreach (var item in obj)
                hash.Add(item, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}

/// <summary>Count, mean and sum of squared deviations of scores, updated one score at a time (Welford).</summary>
public readonly record struct ScoreMoments(int N, double Mean, double M2)
{
    public ScoreMoments Add(double score)
    {
        var n = N + 1;
        var delta = score - Mean;
        var mean = Mean + (delta / n);
        return new ScoreMoments(n, mean, M2 + (delta * (score - mean)));
    }
}
