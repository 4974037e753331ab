using Assay.Domain;
using Assay.Review;

namespace Assay.Core.Tests.Domain;

public sealed class EnumTextTests
{
    [Theory]
    [InlineData("reviewer", Role.Reviewer)]
    [InlineData("ADMIN", Role.Admin)]
    public void TryParse_a_declared_name_in_any_case_reads_it(string text, Role expected)
    {
        Assert.True(EnumText.TryParse<Role>(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("reviewer,lead")]
    [InlineData("3")]
    [InlineData(" admin")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_numbers_comma_lists_and_padding_are_refused(string? text) =>
        Assert.False(EnumText.TryParse<Role>(text, out _));
}
