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
    public void Allows_reports_what_a_validated_match_needs(string text, bool luhn, bool ssn, bool iban)
    {
        var shape = TextShape.Of(text);

        Assert.Equal((luhn, ssn, iban, true), (shape.Allows(RuleValidator.Luhn), shape.Allows(RuleValidator.UsSsn), shape.Allows(RuleValidator.Iban), shape.Allows(RuleValidator.None)));
    }
}
