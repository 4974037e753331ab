using Assay.Detection;
using Assay.Policy;

namespace Assay.Core.Tests.Detection;

public sealed class TextShapeTests
{
    [Theory]
    [InlineData("no digits at all", false, false, false)]
    [InlineData("in 2019 and 2020 we grew 35 percent", false, false, false)]
    [InlineData("card 4111 1111 1111 1111 thanks", true, true, false)]
    [InlineData("ssn 123-45-6789", false, true, false)]
    [InlineData("ssn 123 45 678", false, false, false)]
    [InlineData("iban GB82 WEST", false, false, true)]
    [InlineData("model gb82x", false, false, true)]
    [InlineData("mp3 files", false, false, false)]
    [InlineData("4111 1111 1111 1111", true, true, false)]
    public void Allows_reports_what_a_validated_match_needs(string text, bool luhn, bool ssn, bool iban)
    {
        var shape = TextShape.Of(text);

        Assert.Equal((luhn, ssn, iban, true), (shape.Allows(RuleValidator.Luhn), shape.Allows(RuleValidator.UsSsn), shape.Allows(RuleValidator.Iban), shape.Allows(RuleValidator.None)));
    }

    [Theory]
    [InlineData("call (415) 555-0132 now", true)]
    [InlineData("call +44 20 7946 0958", true)]
    [InlineData("call 555-0132", false)]
    [InlineData("in 2019, 35 people and 1.5 percent", false)]
    public void Allows_phone_needs_ten_digits_in_one_run(string text, bool expected)
    {
        Assert.Equal(expected, TextShape.Of(text).Allows(RuleValidator.Phone));
    }
}
