using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

public sealed class SetAlphaTests
{
    [Theory]
    [InlineData("a,b", "a,b", 0.0, 0.0)]
    [InlineData("a,b", "a", 0.5, 2.0 / 3)]          // subset: J = 1/2, M = 2/3, MASI = 1 − 1/3
    [InlineData("a,b", "b,c", 2.0 / 3, 8.0 / 9)]    // overlap: J = 1/3, M = 1/3, MASI = 1 − 1/9
    [InlineData("a", "b", 1.0, 1.0)]                // disjoint
    [InlineData("", "", 0.0, 0.0)]                  // both "no failure": the same answer
    [InlineData("", "a", 1.0, 1.0)]
    public void Distance_follows_Jaccard_and_Passonneaus_MASI(string a, string b, double jaccard, double masi)
    {
        Assert.Equal(jaccard, SetAlpha.Distance(SetDistance.Jaccard, Set(a), Set(b)), 1e-12);
        Assert.Equal(masi, SetAlpha.Distance(SetDistance.Masi, Set(a), Set(b)), 1e-12);
        Assert.Equal(masi, SetAlpha.Distance(SetDistance.Masi, Set(b), Set(a)), 1e-12);
    }

    /// <summary>
    /// Worked by hand: units {a}/{a}, {a,b}/{a}, {b}/{c}; n = 6. MASI: D_o = (2·2/3 + 2·1)/6 = 5/9, D_e = 64/3 / 30 =
    /// 32/45, α = 1 − 225/288 = 7/32. Jaccard: D_o = (2·1/2 + 2)/6 = 1/2, D_e = 20/30, α = 1/4.
    /// </summary>
    [Theory]
    [InlineData(SetDistance.Masi, 7.0 / 32)]
    [InlineData(SetDistance.Jaccard, 0.25)]
    public void Point_on_a_hand_worked_example_is_exact(SetDistance distance, double expected)
    {
        MultiLabelRating[] ratings =
        [
            new("u1", "ann", Set("a")), new("u1", "bob", Set("a")),
            new("u2", "ann", Set("a,b")), new("u2", "bob", Set("a")),
            new("u3", "ann", Set("b")), new("u3", "bob", Set("c")),
        ];

        Assert.Equal(expected, SetAlpha.Point(ratings, distance), 1e-12);
    }

    /// <summary>With one category per answer both set distances are the nominal one: Krippendorff (2011)'s published 0.743.</summary>
    [Theory]
    [InlineData(SetDistance.Masi)]
    [InlineData(SetDistance.Jaccard)]
    [InlineData(SetDistance.Nominal)]
    public void Point_on_singletons_is_nominal_alpha_of_Krippendorff2011(SetDistance distance)
    {
        var ratings = Singletons();

        var alpha = SetAlpha.Point(ratings, distance);

        Assert.Equal(0.743, alpha, 0.0005);
        Assert.Equal(KrippendorffAlpha.Point(KrippendorffAlphaTests.Krippendorff2011(), MeasurementLevel.Nominal), alpha, 1e-12);
    }

    [Theory]
    [InlineData(SetDistance.Masi, 1)]
    [InlineData(SetDistance.Jaccard, 2)]
    [InlineData(SetDistance.Masi, 3)]
    public void Point_equals_the_definition_summed_over_every_pair_of_values(SetDistance distance, int seed)
    {
        var random = new Random(seed);
        string[] categories = ["hallucination", "toxicity", "pii-leak", "refusal"];
        var ratings = new List<MultiLabelRating>();
        for (var unit = 0; unit < 40; unit++)
        {
            // Two to four reviewers, some units with only one (not pairable), sets of zero to three categories.
            var reviewers = random.Next(1, 5);
            for (var r = 0; r < reviewers; r++)
                ratings.Add(new($"u{unit}", $"r{r}", [.. categories.Where(_ => random.NextDouble() < 0.3)]));
        }

        Assert.Equal(Definition(ratings, distance), SetAlpha.Point(ratings, distance), 1e-12);
    }

    [Fact]
    public void Nominal_distance_treats_each_distinct_set_as_one_class_of_a_multi_class_alpha()
    {
        // Three classes coded as sets; the same data as a rating matrix of class numbers gives the same nominal alpha.
        string[][] byUnit = [["a", "a"], ["a,b", "a"], ["b", "b"], ["a,b", "a,b"], ["", "b"], ["", ""]];
        var ratings = byUnit.SelectMany((unit, u) => unit.Select((answer, r) => new MultiLabelRating($"u{u}", $"r{r}", Set(answer)))).ToList();
        var classes = new Dictionary<string, int> { [""] = 1, ["a"] = 2, ["b"] = 3, ["a,b"] = 4 };
        var matrix = RatingMatrix.FromRows([.. byUnit.Select(unit => (IReadOnlyList<double?>)[.. unit.Select(answer => (double?)classes[answer])])]);

        Assert.Equal(KrippendorffAlpha.Point(matrix, MeasurementLevel.Nominal), SetAlpha.Point(ratings, SetDistance.Nominal), 1e-12);
        Assert.Equal(0, SetAlpha.Distance(SetDistance.Nominal, Set("a,b"), Set("b,a")));
        Assert.Equal(1, SetAlpha.Distance(SetDistance.Nominal, Set("a,b"), Set("a")));
    }

    [Fact]
    public void Compute_is_seeded_and_its_interval_holds_the_estimate()
    {
        var ratings = Singletons();

        var first = SetAlpha.Compute(ratings, SetDistance.Masi, new BootstrapOptions(Resamples: 500, Seed: 7));
        var second = SetAlpha.Compute(ratings, SetDistance.Masi, new BootstrapOptions(Resamples: 500, Seed: 7));

        Assert.Equal(first, second);
        Assert.InRange(first.Value, first.Low, first.High);
        Assert.Equal(11, first.SampleSize);
    }

    [Fact]
    public void Point_is_undefined_without_a_unit_answered_twice_or_without_variation()
    {
        Assert.True(double.IsNaN(SetAlpha.Point([new("u1", "ann", Set("a")), new("u2", "ann", Set("b"))], SetDistance.Masi)));
        Assert.True(double.IsNaN(SetAlpha.Point([new("u1", "ann", Set("a")), new("u1", "bob", Set("a"))], SetDistance.Masi)));
    }

    /// <summary>Alpha straight from its definition, pair by pair, sharing nothing with the implementation but the distance.</summary>
    private static double Definition(List<MultiLabelRating> ratings, SetDistance distance)
    {
        var pairable = ratings.GroupBy(r => r.Unit).Where(g => g.Count() >= 2).Select(g => g.ToList()).ToList();
        var values = pairable.SelectMany(u => u).ToList();
        double n = values.Count, observed = 0, expected = 0;
        foreach (var unit in pairable)
        {
            var sum = 0.0;
            for (var i = 0; i < unit.Count; i++)
            {
                for (var j = 0; j < unit.Count; j++)
                    sum += i == j ? 0 : SetAlpha.Distance(distance, unit[i].Categories, unit[j].Categories);
            }

            observed += sum / (unit.Count - 1);
        }

        for (var i = 0; i < values.Count; i++)
        {
            for (var j = 0; j < values.Count; j++)
                expected += i == j ? 0 : SetAlpha.Distance(distance, values[i].Categories, values[j].Categories);
        }

        return 1 - ((observed / n) / (expected / (n * (n - 1))));
    }

    /// <summary>Krippendorff (2011)'s data with each rating as a one-category set.</summary>
    private static List<MultiLabelRating> Singletons()
    {
        var ratings = new List<MultiLabelRating>();
        var observers = KrippendorffAlphaTests.Krippendorff2011Observers;
        for (var observer = 0; observer < observers.Length; observer++)
        {
            for (var unit = 0; unit < observers[observer].Length; unit++)
            {
                if (observers[observer][unit] is { } value)
                    ratings.Add(new($"u{unit}", $"o{observer}", [value.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }
        }

        return ratings;
    }

    private static string[] Set(string members) => members.Length == 0 ? [] : members.Split(',');
}
