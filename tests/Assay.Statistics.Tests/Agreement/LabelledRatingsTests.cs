using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

public sealed class LabelledRatingsTests
{
    [Fact]
    public void FromLabels_ordinalOrder_reproducesKrippendorffOrdinalAlpha()
    {
        // Krippendorff (2011) example with values 1..5 renamed; ordinal alpha must stay 0.815 when the order is given.
        string[] names = ["none", "low", "mid", "high", "severe"];
        var rows = KrippendorffAlphaTests.Transpose(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
            [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
        ]);
        var ratings = new List<LabelledRating>();
        for (var u = 0; u < rows.Length; u++)
        {
            for (var r = 0; r < rows[u].Length; r++)
            {
                if (rows[u][r] is { } v)
                {
                    ratings.Add(new LabelledRating($"unit{u}", $"rater{r}", names[(int)v - 1]));
                }
            }
        }

        var labelled = LabelledRatings.FromLabels(ratings, names);

        Assert.Equal(0.815, KrippendorffAlpha.Point(labelled.Matrix, MeasurementLevel.Ordinal), 0.0005);
        Assert.Equal(12, labelled.Units.Count);
        Assert.Equal(names, labelled.Labels);
    }

    [Fact]
    public void FromLabels_duplicateRating_throws()
    {
        Assert.Throws<ArgumentException>(() => LabelledRatings.FromLabels([new("u", "r", "a"), new("u", "r", "b")]));
    }

    [Fact]
    public void FromLabels_noOrder_sortsLabelsOrdinally()
    {
        var labelled = LabelledRatings.FromLabels([new("u1", "r1", "safe"), new("u1", "r2", "deceptive")]);

        Assert.Equal(["deceptive", "safe"], labelled.Labels);
        Assert.Equal(0, PercentAgreement.Point(labelled.Matrix), 1e-12);
    }
}
