using Assay.Statistics.Agreement;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Agreement;

public sealed class CohenKappaTests
{
    [Fact]
    public void Point_textbookYesNoTable_isPointFour()
    {
        // The standard worked example (e.g. Wikipedia "Cohen's kappa"): 50 proposals, both yes 20, A yes / B no 5,
        // A no / B yes 10, both no 15. pₒ = 0.7, pₑ = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
        var ratings = TwoRaterTables.Expand(new[,] { { 20, 5 }, { 10, 15 } });

        Assert.Equal(0.4, CohenKappa.Point(ratings), 1e-12);
    }

    [Fact]
    public void Point_weightedThreeCategoryTable_matchesHandComputation()
    {
        // A 3×3 table worked by hand (n = 100):
        //        B1  B2  B3   row
        //   A1   30  10   0    40
        //   A2    5  25   5    35
        //   A3    0   5  20    25
        //  col   35  40  25
        // Unweighted: pₒ = 0.75, pₑ = .40·.35 + .35·.40 + .25·.25 = 0.3425, κ = 0.4075/0.6575 = 0.619772…
        // Cells one step off the diagonal hold 0.25 of the data; their chance share is .40·.40 + .35·.35 + .35·.25 + .25·.40 = .47.
        // Linear (w = 1, ½, 0): pₒ = 0.75 + ½·0.25 = 0.875; pₑ = 0.3425 + ½·0.47 = 0.5775, κ = 0.2975/0.4225 = 0.704142…
        // Quadratic (w = 1, ¾, 0): pₒ = 0.75 + ¾·0.25 = 0.9375; pₑ = 0.3425 + ¾·0.47 = 0.695, κ = 0.2425/0.305 = 0.795081…
        var ratings = TwoRaterTables.Expand(new[,] { { 30, 10, 0 }, { 5, 25, 5 }, { 0, 5, 20 } });

        Assert.Equal(0.4075 / 0.6575, CohenKappa.Point(ratings), 1e-12);
        Assert.Equal(0.2975 / 0.4225, CohenKappa.Point(ratings, KappaWeighting.Linear), 1e-12);
        Assert.Equal(0.2425 / 0.305, CohenKappa.Point(ratings, KappaWeighting.Quadratic), 1e-12);
    }

    [Fact]
    public void Point_irrAnxietyExample_quadraticWeightsMatchPublishedValue()
    {
        // The worked example of the R package irr's reference manual (Gamer, Lemon, Fellows & Singh,
        // "irr: Various Coefficients of Interrater Reliability and Agreement"), dataset `anxiety`: anxiety of 20
        // subjects rated 1–6 by raters 1 and 2; kappa2(anxiety[, 1:2], "squared") reports Kappa = 0.297.
        double[] rater1 = [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3];
        double[] rater2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
        var values = rater1.Zip(rater2, (a, b) => new[] { a, b }).SelectMany(pair => pair).ToArray();
        var ratings = RatingMatrix.FromValues(20, 2, values);

        Assert.Equal(0.297, CohenKappa.Point(ratings, KappaWeighting.Quadratic), 0.0005);
    }

    [Property(MaxTest = 200)]
    public void Compute_randomTables_standardErrorMatchesFleiss1981UnweightedFormula(int seed)
    {
        var random = new Random(seed);
        var k = random.Next(2, 5);
        var table = new int[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                table[i, j] = random.Next(1, i == j ? 30 : 8);
            }
        }

        var kappa = CohenKappa.Compute(TwoRaterTables.Expand(table), confidence: 0.5);
        var (naiveKappa, naiveSe) = NaiveUnweighted(table);

        Assert.Equal(naiveKappa, kappa.Value, 1e-9);
        var z = 0.6744897501960817;
        if (kappa.Value - (z * naiveSe) > -1 && kappa.Value + (z * naiveSe) < 1)
        {
            Assert.Equal(kappa.Value - (z * naiveSe), kappa.Low, 1e-9);
            Assert.Equal(kappa.Value + (z * naiveSe), kappa.High, 1e-9);
        }
    }

    [Property(MaxTest = 50)]
    public void Compute_weightedKappa_standardErrorMatchesNumericalDeltaMethod(int seed)
    {
        // Independent check of the Fleiss–Cohen–Everitt formula: Var(κ) ≈ (Σ p g² − (Σ p g)²)/n with g = ∂κ/∂p_ij
        // taken by central finite differences of the plain κ_w formula (the multinomial delta method).
        var random = new Random(seed);
        var k = random.Next(3, 5);
        var table = new int[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                table[i, j] = random.Next(1, i == j ? 40 : Math.Abs(i - j) == 1 ? 12 : 4);
            }
        }

        foreach (var weighting in new[] { KappaWeighting.Linear, KappaWeighting.Quadratic })
        {
            var kappa = CohenKappa.Compute(TwoRaterTables.Expand(table), weighting, confidence: 0.5);
            var n = table.Cast<int>().Sum();
            var p = new double[k * k];
            for (var c = 0; c < p.Length; c++)
            {
                p[c] = table[c / k, c % k] / (double)n;
            }

            double mean = 0, square = 0;
            for (var c = 0; c < p.Length; c++)
            {
                const double h = 1e-6;
                var up = (double[])p.Clone();
                var down = (double[])p.Clone();
                up[c] += h;
                down[c] -= h;
                var g = (PlainKappa(up, k, weighting) - PlainKappa(down, k, weighting)) / (2 * h);
                mean += p[c] * g;
                square += p[c] * g * g;
            }

            var se = Math.Sqrt((square - (mean * mean)) / n);
            Assert.Equal(PlainKappa(p, k, weighting), kappa.Value, 1e-12);
            Assert.Equal(se, (kappa.High - kappa.Value) / 0.6744897501960817, 1e-6);
        }
    }

    [Fact]
    public void Point_twoCategories_weightsMakeNoDifference()
    {
        var ratings = TwoRaterTables.Expand(new[,] { { 12, 3 }, { 4, 9 } });

        var plain = CohenKappa.Point(ratings);

        Assert.Equal(plain, CohenKappa.Point(ratings, KappaWeighting.Linear), 1e-12);
        Assert.Equal(plain, CohenKappa.Point(ratings, KappaWeighting.Quadratic), 1e-12);
    }

    [Fact]
    public void Compute_threeRaters_throws()
    {
        var ratings = RatingMatrix.FromRows([[1, 2, 1]]);

        Assert.Throws<ArgumentException>(() => CohenKappa.Compute(ratings));
    }

    // κ_w straight from its definition on an unnormalised table of cell weights.
    private static double PlainKappa(double[] p, int k, KappaWeighting weighting)
    {
        var total = p.Sum();
        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = CohenKappa.Weight(i, j, k, weighting);
                var row = Enumerable.Range(0, k).Sum(c => p[(i * k) + c]) / total;
                var column = Enumerable.Range(0, k).Sum(r => p[(r * k) + j]) / total;
                observed += w * p[(i * k) + j] / total;
                expected += w * row * column;
            }
        }

        return (observed - expected) / (1 - expected);
    }

    // Fleiss (1981), eq. 13.15: SE = √(A + B − C) / ((1 − pₑ)√n), written out term by term.
    private static (double Kappa, double Se) NaiveUnweighted(int[,] table)
    {
        var k = table.GetLength(0);
        double n = 0;
        foreach (var cell in table)
        {
            n += cell;
        }

        var p = new double[k, k];
        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                p[i, j] = table[i, j] / n;
                rows[i] += p[i, j];
                columns[j] += p[i, j];
            }
        }

        double po = 0, pe = 0;
        for (var i = 0; i < k; i++)
        {
            po += p[i, i];
            pe += rows[i] * columns[i];
        }

        var kappa = (po - pe) / (1 - pe);
        double a = 0, b = 0;
        for (var i = 0; i < k; i++)
        {
            a += p[i, i] * Math.Pow(1 - ((rows[i] + columns[i]) * (1 - kappa)), 2);
            for (var j = 0; j < k; j++)
            {
                if (i != j)
                {
                    b += p[i, j] * Math.Pow(columns[i] + rows[j], 2);
                }
            }
        }

        b *= (1 - kappa) * (1 - kappa);
        var c = Math.Pow(kappa - (pe * (1 - kappa)), 2);
        return (kappa, Math.Sqrt(a + b - c) / ((1 - pe) * Math.Sqrt(n)));
    }
}
