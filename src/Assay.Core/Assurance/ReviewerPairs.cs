using Assay.Statistics.Agreement;

namespace Assay.Assurance;

/// <summary>Observed agreement and Cohen's kappa of every pair of reviewers on the items both labelled.</summary>
internal static class ReviewerPairs
{
    private const string NoFailure = "(no failure)";

    public static IReadOnlyList<ReviewerPairAgreement> Compute(IReadOnlyList<MultiLabelRating> ratings, double confidence)
    {
        // The verdict as one nominal value: its category set. Equal sets are what closes a task without adjudication.
        var byReviewer = ratings
            .GroupBy(r => r.Rater, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Unit, r => Key(r.Categories), StringComparer.Ordinal), StringComparer.Ordinal);
        var reviewers = byReviewer.Keys.Order(StringComparer.Ordinal).ToList();
        var pairs = new List<ReviewerPairAgreement>();
        for (var i = 0; i < reviewers.Count; i++)
        {
            for (var j = i + 1; j < reviewers.Count; j++)
            {
                var a = byReviewer[reviewers[i]];
                var b = byReviewer[reviewers[j]];
                var shared = a.Keys.Where(b.ContainsKey).ToList();
                if (shared.Count == 0)
                    continue;
                var labelled = LabelledRatings.FromLabels(shared.SelectMany(u => new[]
                {
                    new LabelledRating(u, reviewers[i], a[u]),
                    new LabelledRating(u, reviewers[j], b[u]),
                }));
                pairs.Add(new ReviewerPairAgreement(reviewers[i], reviewers[j], shared.Count,
                    PercentAgreement.Point(labelled.Matrix), CohenKappa.Compute(labelled.Matrix, KappaWeighting.None, confidence)));
            }
        }

        return pairs;
    }

    private static string Key(IReadOnlyCollection<string> categories) =>
        categories.Count == 0 ? NoFailure : string.Join('|', categories.Order(StringComparer.Ordinal));
}
