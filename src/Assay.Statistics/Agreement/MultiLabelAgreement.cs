namespace Assay.Statistics.Agreement;

/// <summary>Agreement on multi-label answers, reduced to one binary (ticked / not ticked) agreement per category.</summary>
/// <remarks>
/// A rater who answered a unit but did not tick category c counts as "not c"; a rater who did not answer the unit
/// is missing for every category. Each category's matrix is then analysed as nominal data with two values.
/// </remarks>
public static class MultiLabelAgreement
{
    /// <summary>One binary rating matrix per category that any rater ticked, in ordinal string order of category.</summary>
    public static IReadOnlyDictionary<string, RatingMatrix> PerCategory(IEnumerable<MultiLabelRating> ratings)
    {
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        var raters = new Dictionary<string, int>(StringComparer.Ordinal);
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        var answers = new List<(int Unit, int Rater, IReadOnlyCollection<string> Ticked)>();
        foreach (var rating in ratings)
        {
            var unit = Index(units, rating.Unit);
            var rater = Index(raters, rating.Rater);
            answers.Add((unit, rater, rating.Categories));
            categories.UnionWith(rating.Categories);
        }

        var result = new SortedDictionary<string, RatingMatrix>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            var values = new double[units.Count * raters.Count];
            Array.Fill(values, double.NaN);
            foreach (var (unit, rater, ticked) in answers)
            {
                values[(unit * raters.Count) + rater] = ticked.Contains(category) ? 1 : 0;
            }

            result[category] = RatingMatrix.FromValues(units.Count, raters.Count, values);
        }

        return result;
    }

    /// <summary>Krippendorff's alpha (nominal, binary) for each category, with bootstrap intervals.</summary>
    public static IReadOnlyDictionary<string, Estimate> Alpha(IEnumerable<MultiLabelRating> ratings, BootstrapOptions? options = null)
    {
        var result = new SortedDictionary<string, Estimate>(StringComparer.Ordinal);
        foreach (var (category, matrix) in PerCategory(ratings))
        {
            result[category] = KrippendorffAlpha.Compute(matrix, MeasurementLevel.Nominal, options);
        }

        return result;
    }

    private static int Index(Dictionary<string, int> index, string key)
    {
        if (!index.TryGetValue(key, out var value))
        {
            value = index.Count;
            index[key] = value;
        }

        return value;
    }
}
