using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

public sealed class FleissKappaTests
{
    /// <summary>
    /// The worked example of the Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters, 5 categories, given as
    /// counts per category. Published: P̄ = 0.378, Pₑ = 0.213, κ = 0.210.
    /// </summary>
    private static readonly int[][] s_wikipediaCounts =
    [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];

    /// <summary>
    /// Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin 76(5),
    /// 378–382, Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (depression, personality disorder,
    /// schizophrenia, neurosis, other), as counts per diagnosis. Published: κ = 0.430; per category
    /// κ = 0.245, 0.245, 0.520, 0.471, 0.566 (the figures also reproduced by R's irr::kappam.fleiss).
    /// </summary>
    private static readonly int[][] s_fleiss1971Counts =
    [
        [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
        [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
        [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
        [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
        [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
        [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
    ];

    [Fact]
    public void Compute_fleiss1971Example_matchesPublishedKappas()
    {
        var ratings = FromCounts(s_fleiss1971Counts);

        var result = FleissKappa.Compute(ratings, new BootstrapOptions(Resamples: 200));

        Assert.Equal(0.430, result.Overall.Value, 0.0005);
        double[] published = [0.245, 0.245, 0.520, 0.471, 0.566];
        for (var j = 0; j < published.Length; j++)
            Assert.Equal(published[j], result.PerCategory[j].Agreement.Value, 0.0005);
    }

    [Fact]
    public void Point_wikipediaExample_matchesPublishedValues()
    {
        var ratings = FromCounts(s_wikipediaCounts);

        Assert.Equal(0.210, FleissKappa.Point(ratings), 0.0005);
        Assert.Equal(0.378, PercentAgreement.Point(ratings), 0.0005);
    }

    [Fact]
    public void Compute_wikipediaExample_perCategoryMatchesFleiss1971Formula()
    {
        // κ_j = 1 − Σᵢ nᵢⱼ(m − nᵢⱼ) / (N m (m − 1) pⱼ qⱼ), N = 10, m = 14 (Fleiss 1971, eq. 20).
        var ratings = FromCounts(s_wikipediaCounts);

        var result = FleissKappa.Compute(ratings, new BootstrapOptions(Resamples: 200));

        Assert.Equal(5, result.PerCategory.Count);
        for (var j = 0; j < 5; j++)
        {
            var p = s_wikipediaCounts.Sum(row => row[j]) / 140.0;
            var sum = s_wikipediaCounts.Sum(row => row[j] * (14.0 - row[j]));
            var expected = 1 - (sum / (10 * 14 * 13 * p * (1 - p)));
            Assert.Equal(expected, result.PerCategory[j].Agreement.Value, 1e-12);
            Assert.Equal(j + 1, result.PerCategory[j].Category);
        }

        Assert.InRange(result.Overall.Value, result.Overall.Low, result.Overall.High);
    }

    internal static RatingMatrix FromCounts(int[][] counts)
    {
        var raters = counts[0].Sum();
        var values = new List<double>();
        foreach (var row in counts)
        {
            for (var c = 0; c < row.Length; c++)
            {
                values.AddRange(Enumerable.Repeat((double)(c + 1), row[c]));
            }
        }

        return RatingMatrix.FromValues(counts.Length, raters, values.ToArray());
    }
}
