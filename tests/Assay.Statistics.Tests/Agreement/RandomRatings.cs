using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

/// <summary>Random rating matrices for property tests.</summary>
internal static class RandomRatings
{
    /// <summary>Independent uniform labels from <paramref name="categories"/> values with a share of missing ratings.</summary>
    public static double[] Values(Random random, int units, int raters, int categories, double missing = 0.1, bool spreadValues = false)
    {
        var values = new double[units * raters];
        for (var i = 0; i < values.Length; i++)
        {
            var c = random.Next(categories);
            values[i] = random.NextDouble() < missing ? double.NaN : spreadValues ? (c * 1.7) + 0.5 : c + 1;
        }

        return values;
    }

    /// <summary>Labels where each rater copies a per-unit true label with probability <paramref name="accuracy"/>.</summary>
    public static double[] Correlated(Random random, int units, int raters, int categories, double accuracy, double missing = 0.1)
    {
        var values = new double[units * raters];
        for (var u = 0; u < units; u++)
        {
            var truth = random.Next(categories);
            for (var r = 0; r < raters; r++)
            {
                var label = random.NextDouble() < accuracy ? truth : random.Next(categories);
                values[(u * raters) + r] = random.NextDouble() < missing ? double.NaN : label + 1;
            }
        }

        return values;
    }

    public static RatingMatrix Matrix(int seed, int units, int raters, int categories, double missing = 0.1) =>
        RatingMatrix.FromValues(units, raters, Values(new Random(seed), units, raters, categories, missing));

    public static int[] Permutation(Random random, int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        return order;
    }
}
