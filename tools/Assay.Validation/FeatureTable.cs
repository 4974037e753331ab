namespace Assay.Validation;

/// <summary>The values of every feature for a list of texts, computed once so that subsets (halves, strata) are cheap.</summary>
internal sealed class FeatureTable
{
    private readonly double[][] _numbers;
    private readonly string[][] _categories;

    private FeatureTable(IReadOnlyList<TextFeature> features, double[][] numbers, string[][] categories, int count)
    {
        Features = features;
        _numbers = numbers;
        _categories = categories;
        Count = count;
    }

    public IReadOnlyList<TextFeature> Features { get; }

    public int Count { get; }

    public static FeatureTable Of(IReadOnlyList<TextFeature> features, IReadOnlyList<string> texts)
    {
        var numbers = new double[features.Count][];
        var categories = new string[features.Count][];
        for (var f = 0; f < features.Count; f++)
        {
            var feature = features[f];
            numbers[f] = feature.Number is { } number ? [.. texts.Select(number)] : [];
            categories[f] = feature.Category is { } category ? [.. texts.Select(category)] : [];
        }

        return new FeatureTable(features, numbers, categories, texts.Count);
    }

    public ReadOnlySpan<double> Numbers(int feature) => _numbers[feature];

    public IReadOnlyList<string> Categories(int feature) => _categories[feature];

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public FeatureTable Take(IReadOnlyList<int> rows)
    {
        var numbers = _numbers.Select(column => column.Length == 0 ? column : rows.Select(r => column[r]).ToArray()).ToArray();
        var categories = _categories.Select(column => column.Length == 0 ? column : rows.Select(r => column[r]).ToArray()).ToArray();
        return new FeatureTable(Features, numbers, categories, rows.Count);
    }
}
