namespace Assay.Detection;

/// <summary>Check-digit tests that tell a real identifier from a number that merely looks like one.</summary>
internal static class CheckDigits
{
    /// <summary>The fewest digits a payment card number has (ISO/IEC 7812 allows 8, but issued cards carry 12 or more).</summary>
    public const int MinCardDigits = 12;

    /// <summary>The fewest digits of a phone number with its area code (North American numbers have 10).</summary>
    public const int MinPhoneDigits = 10;

    /// <summary>Whether <paramref name="text"/> holds 10–15 digits (E.164's maximum) and nothing but digits and <c>+ ( ) . -</c> or spaces.</summary>
    public static bool IsPhoneShaped(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+'))
            {
                return false;
            }
        }

        return count is >= MinPhoneDigits and <= 15;
    }

    /// <summary>Whether the digits of <paramref name="text"/> (spaces and dashes ignored) are 12–19 long and pass Luhn's mod-10 check.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> text)
    {
        var sum = 0;
        var count = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var digit = c - '0';
            if (count % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            count++;
        }

        return count is >= MinCardDigits and <= 19 && sum % 10 == 0;
    }

    /// <summary>Whether <paramref name="text"/> (any case, spaces allowed after the first four characters) is an IBAN whose ISO 13616 mod-97 remainder is 1.</summary>
    /// <remarks>The country code and check digits are written together in every IBAN format ("GB82 WEST…").</remarks>
    public static bool IsIbanValid(ReadOnlySpan<char> text)
    {
        if (text.Length < 4 || text[..4].ContainsAny(' ', '\t'))
        {
            return false;
        }

        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            compact[length++] = char.ToUpperInvariant(c);
        }

        if (length < 15 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return false;
        }

        // The first four characters move to the end; letters count as 10..35; digits are folded into the
        // remainder one at a time so that no big integer is needed.
        var remainder = 0;
        for (var k = 0; k < length; k++)
        {
            var c = compact[(k + 4) % length];
            remainder = char.IsAsciiDigit(c)
                ? ((remainder * 10) + (c - '0')) % 97
                : ((remainder * 100) + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }

    /// <summary>Whether <paramref name="text"/> is a US SSN (AAA-GG-SSSS, dashes or spaces optional) with a possible area, group and serial.</summary>
    /// <remarks>Areas 000, 666 and 900–999, group 00 and serial 0000 are never issued.</remarks>
    public static bool IsUsSsnValid(ReadOnlySpan<char> text)
    {
        Span<int> digits = stackalloc int[9];
        var count = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || count == digits.Length)
            {
                return false;
            }

            digits[count++] = c - '0';
        }

        if (count != 9)
        {
            return false;
        }

        var area = (digits[0] * 100) + (digits[1] * 10) + digits[2];
        var group = (digits[3] * 10) + digits[4];
        var serial = (digits[5] * 1000) + (digits[6] * 100) + (digits[7] * 10) + digits[8];
        return area is not 0 and not 666 and < 900 && group != 0 && serial != 0;
    }
}
