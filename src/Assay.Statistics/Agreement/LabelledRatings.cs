namespace Assay.Statistics.Agreement;

/// <summary>A rating matrix built from string labels, with the labels, units and raters its indices stand for.</summary>
/// <param name="Matrix">Units × raters; the value of a rating is the index of its label in <paramref name="Labels"/>.</param>
/// <param name="Labels">The labels in code order: the given order, or ordinal string order when none is given.</param>
/// <param name="Units">Unit ids in row order (order of first appearance).</param>
/// <param name="Raters">Rater ids in column order (order of first appearance).</param>
public sealed record LabelledRatings(RatingMatrix Matrix, IReadOnlyList<string> Labels, IReadOnlyList<string> Units, IReadOnlyList<string> Raters)
{
    /// <summary>Builds the matrix; <paramref name="order"/> gives ordinal labels their order (lowest first).</summary>
    /// <exception cref="ArgumentException">A rater labels a unit twice, or a label is missing from <paramref name="order"/>.</exception>
    public static LabelledRatings FromLabels(IEnumerable<LabelledRating> ratings, IReadOnlyList<string>? order = null)
    {
        var list = ratings.ToList();
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        var raters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rating in list)
        {
            units.TryAdd(rating.Unit, units.Count);
            raters.TryAdd(rating.Rater, raters.Count);
        }

        var labels = order?.ToArray() ?? [.. list.Select(r => r.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Length; i++)
        {
            if (!codes.TryAdd(labels[i], i))
            {
                throw new ArgumentException($"Label '{labels[i]}' appears twice in the order.", nameof(order));
            }
        }

        var values = new double[units.Count * raters.Count];
        Array.Fill(values, double.NaN);
        foreach (var rating in list)
        {
            if (!codes.TryGetValue(rating.Label, out var code))
            {
                throw new ArgumentException($"Label '{rating.Label}' is not in the given order.", nameof(ratings));
            }

            var cell = (units[rating.Unit] * raters.Count) + raters[rating.Rater];
            if (!double.IsNaN(values[cell]))
            {
                throw new ArgumentException($"Rater '{rating.Rater}' labels unit '{rating.Unit}' twice.", nameof(ratings));
            }

            values[cell] = code;
        }

        return new LabelledRatings(RatingMatrix.FromValues(units.Count, raters.Count, values), labels, [.. units.Keys], [.. raters.Keys]);
    }
}
