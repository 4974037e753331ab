using Assay.Statistics.Resampling;

namespace Assay.Statistics.Agreement;

/// <summary>The K×K table of how two raters classified the units both of them rated.</summary>
internal static class PairConfusion
{
    /// <summary>Cells, row-major (rater 0's category × rater 1's category), as one contribution per unit.</summary>
    public static UnitContributions Contributions(RatingMatrix ratings)
    {
        if (ratings.Raters != 2)
        {
            throw new ArgumentException($"This coefficient needs exactly two raters; the matrix has {ratings.Raters}.", nameof(ratings));
        }

        var k = ratings.CategoryCount;
        var codes = ratings.Codes;
        var builder = new UnitContributionsBuilder(k * k, ratings.Units);
        for (var u = 0; u < ratings.Units; u++)
        {
            var a = codes[2 * u];
            var b = codes[(2 * u) + 1];
            if (a >= 0 && b >= 0)
            {
                builder.Add((a * k) + b, 1);
            }

            builder.EndUnit();
        }

        return builder.Build();
    }
}
