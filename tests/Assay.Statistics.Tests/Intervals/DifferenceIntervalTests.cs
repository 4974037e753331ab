using Assay.Statistics.Intervals;

namespace Assay.Statistics.Tests.Intervals;

public sealed class DifferenceIntervalTests
{
    /// <summary>Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions. Stat Med 17, 873–890, Table II, method 10.</summary>
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    public void Newcombe_publishedExamples_matchToFourDecimals(int k1, int n1, int k2, int n2, double low, double high)
    {
        var difference = DifferenceInterval.Newcombe(k1, n1, k2, n2);

        Assert.Equal((k1 / (double)n1) - (k2 / (double)n2), difference.Value, 1e-12);
        Assert.Equal(low, difference.Low, 0.00006);
        Assert.Equal(high, difference.High, 0.00006);
    }
}
