using Assay.Reporting;

namespace Assay.Core.Tests.Reporting;

public sealed class SvgWriterTests
{
    [Theory]
    [InlineData(-0.0, 3, false, "0")]
    [InlineData(-0.0001, 3, false, "0")]
    [InlineData(-0.004, 2, false, "0")]
    [InlineData(-0.004, 2, true, "0.00")]
    [InlineData(-0.04, 1, true, "0.0")]
    [InlineData(-0.006, 2, false, "-0.01")]
    [InlineData(0.1234, 3, false, "0.123")]
    [InlineData(2.5, 1, true, "2.5")]
    public void Number_prints_a_value_that_rounds_to_zero_as_0_never_minus_0(double value, int decimals, bool fixedDecimals, string expected) =>
        Assert.Equal(expected, SvgWriter.Number(value, decimals, fixedDecimals));

    [Theory]
    [InlineData(-0.6667, "\u22120.667")]
    [InlineData(-0.0001, "0.000")]
    [InlineData(0.5, "0.500")]
    [InlineData(double.NaN, "n/a")]
    public void Signed_writes_three_decimals_with_a_true_minus_sign(double value, string expected) =>
        Assert.Equal(expected, SvgWriter.Signed(value));
}
