using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

public sealed class MultiLabelAgreementTests
{
    [Fact]
    public void PerCategory_tickedSets_becomeBinaryMatricesWithMissingForUnansweredUnits()
    {
        MultiLabelRating[] ratings =
        [
            new("i1", "ann", ["deception", "pii"]),
            new("i1", "bob", ["deception"]),
            new("i2", "ann", []),
            new("i2", "bob", ["pii"]),
            new("i3", "ann", ["deception"]),
        ];

        var matrices = MultiLabelAgreement.PerCategory(ratings);

        Assert.Equal(["deception", "pii"], matrices.Keys);
        var pii = matrices["pii"];
        Assert.Equal(3, pii.Units);
        Assert.Equal(2, pii.Raters);
        Assert.Equal(5, pii.RatingCount);

        // Unit i3 was answered by ann only, so it is not pairable: n = 4 pairable values in each category.
        Assert.Equal(4, KrippendorffAlpha.PairableValues(matrices["deception"]));
        Assert.Equal(1.0, PercentAgreement.Point(matrices["deception"]), 1e-12);
        Assert.Equal(0.0, PercentAgreement.Point(pii), 1e-12);
    }
}
