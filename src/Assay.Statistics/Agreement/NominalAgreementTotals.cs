using Assay.Statistics.Resampling;

namespace Assay.Statistics.Agreement;

/// <summary>
/// The per-unit sums shared by percent agreement, Fleiss' kappa and Gwet's AC1 (all nominal, any number of raters).
/// </summary>
/// <remarks>
/// Layout of a totals vector for K categories: [0] Σ Pᵤ (pairwise agreement of unit u), [1] units rated twice or more,
/// [2, 2+K) Σ nᵤc over those units, [2+K] Σ mᵤ over those units, [3+K, 3+2K) Σ nᵤc(mᵤ − nᵤc)/(mᵤ − 1),
/// [3+2K, 3+3K) Σ nᵤc/mᵤ over units rated at least once, [3+3K] units rated at least once.
/// </remarks>
internal static class NominalAgreementTotals
{
    public const int AgreementSum = 0;
    public const int PairableUnits = 1;
    public const int Margins = 2;

    public static int Dimension(int k) => 4 + (3 * k);

    public static int RatingSum(int k) => 2 + k;

    public static int Disagreements(int k) => 3 + k;

    public static int Shares(int k) => 3 + (2 * k);

    public static int RatedUnits(int k) => 3 + (3 * k);

    public static double[] Totals(RatingMatrix ratings)
    {
        var builder = UnitContributionsBuilder.TotalsOnly(Dimension(ratings.CategoryCount));
        Accumulate(ratings, builder);
        return builder.Totals();
    }

    public static UnitContributions Contributions(RatingMatrix ratings)
    {
        var builder = new UnitContributionsBuilder(Dimension(ratings.CategoryCount), ratings.Units * 8);
        Accumulate(ratings, builder);
        return builder.Build();
    }

    private static void Accumulate(RatingMatrix ratings, UnitContributionsBuilder builder)
    {
        var k = ratings.CategoryCount;
        var counts = new UnitCounts(ratings);
        while (counts.MoveNext())
        {
            var m = counts.Ratings;
            if (m >= 1)
            {
                builder.Add(RatedUnits(k), 1);
                for (var i = 0; i < counts.Distinct; i++)
                {
                    var c = counts.Category(i);
                    builder.Add(Shares(k) + c, counts.Count(c) / (double)m);
                }
            }

            if (m >= 2)
            {
                double pairs = m * (m - 1);
                var agreeing = 0.0;
                for (var i = 0; i < counts.Distinct; i++)
                {
                    var c = counts.Category(i);
                    var n = counts.Count(c);
                    agreeing += n * (n - 1);
                    builder.Add(Margins + c, n);
                    builder.Add(Disagreements(k) + c, n * (m - n) / (double)(m - 1));
                }

                builder.Add(AgreementSum, agreeing / pairs);
                builder.Add(PairableUnits, 1);
                builder.Add(RatingSum(k), m);
            }

            builder.EndUnit();
        }
    }
}
