using Assay.Detection;

namespace Assay.Core.Tests.Detection;

public sealed class CheckDigitsTests
{
    [Theory]
    [InlineData("4111 1111 1111 1111")] // Visa test number
    [InlineData("5500-0000-0000-0004")] // Mastercard test number
    [InlineData("378282246310005")] // American Express test number
    [InlineData("6011111111111117")] // Discover test number
    [InlineData("0079927398713")] // Luhn's textbook example 79927398713, zero-padded to card length
    public void IsLuhnValid_published_valid_numbers_pass(string number)
    {
        Assert.True(CheckDigits.IsLuhnValid(number));
    }

    [Theory]
    [InlineData("4111 1111 1111 1112")]
    [InlineData("1234 5678 9012 3456")]
    [InlineData("79927398713")] // valid checksum but too short for a card
    [InlineData("0000")]
    [InlineData("4111 1111 1111 111x")]
    public void IsLuhnValid_invalid_or_short_numbers_fail(string number)
    {
        Assert.False(CheckDigits.IsLuhnValid(number));
    }

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32")] // ISO 13616 / ECBS example
    [InlineData("DE89370400440532013000")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("be68 5390 0754 7034")]
    public void IsIbanValid_published_valid_ibans_pass(string iban)
    {
        Assert.True(CheckDigits.IsIbanValid(iban));
    }

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 33")]
    [InlineData("DE89370400440532013001")]
    [InlineData("XX00")]
    [InlineData("GB82-WEST-1234-5698-7654-32")]
    [InlineData("1234567890123456")]
    [InlineData("G B82 WEST 1234 5698 7654 32")]
    public void IsIbanValid_altered_or_malformed_ibans_fail(string iban)
    {
        Assert.False(CheckDigits.IsIbanValid(iban));
    }

    [Theory]
    [InlineData("123-45-6789", true)]
    [InlineData("078-05-1120", true)] // the famous Woolworth wallet number: well formed
    [InlineData("000-12-3456", false)]
    [InlineData("666-12-3456", false)]
    [InlineData("900-12-3456", false)]
    [InlineData("123-00-4567", false)]
    [InlineData("123-45-0000", false)]
    [InlineData("123-45-678", false)]
    public void IsUsSsnValid_checks_area_group_and_serial(string ssn, bool expected)
    {
        Assert.Equal(expected, CheckDigits.IsUsSsnValid(ssn));
    }

    [Theory]
    [InlineData("(415) 555-0132", true)]
    [InlineData("+44 20 7946 0958", true)]
    [InlineData("555-0132", false)]
    [InlineData("+1234567890123456", false)]
    [InlineData("415x555x0132", false)]
    public void IsPhoneShaped_counts_digits_and_allows_only_phone_punctuation(string text, bool expected)
    {
        Assert.Equal(expected, CheckDigits.IsPhoneShaped(text));
    }
}
