using Assay.Policy;

namespace Assay.Detection;

/// <summary>Cheap facts about a text that tell whether a validated identifier could occur in it at all.</summary>
/// <remarks>
/// A regex match only counts as evidence if its validator passes, so what every passing match needs is a sound
/// prefilter for regexes that have no literal: a Luhn-valid card number needs 12 digits in one run of digits and
/// number punctuation (spaces, dashes, dots, parentheses, plus), a phone number 10, an SSN 9, and an IBAN starts
/// with two letters and two digits. Digit-started regexes are
/// the slowest kind for the regex engine in prose full of numbers; this lets most texts skip them.
/// </remarks>
internal readonly struct TextShape
{
    private readonly int _maxDigitsInRun;
    private readonly bool _hasLettersThenDigits;

    private TextShape(int maxDigitsInRun, bool hasLettersThenDigits)
    {
        _maxDigitsInRun = maxDigitsInRun;
        _hasLettersThenDigits = hasLettersThenDigits;
    }

    public static TextShape Of(ReadOnlySpan<char> text)
    {
        // One branch-light pass: a run is a maximal stretch of digits and number punctuation; letter-letter-
        // digit-digit is spotted with a shift register of the last four char kinds (1 = letter, 2 = digit).
        const int LetterLetterDigitDigit = 0b01_01_10_10;
        var maxDigits = 0;
        var digits = 0;
        var recent = 0;
        var lettersThenDigits = false;
        foreach (var c in text)
        {
            var kind = 0;
            if ((uint)(c - '0') <= 9)
            {
                digits++;
                kind = 2;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+'))
            {
                maxDigits = Math.Max(maxDigits, digits);
                digits = 0;
                kind = (uint)((c | 0x20) - 'a') <= 'z' - 'a' ? 1 : 0;
            }

            recent = ((recent << 2) | kind) & 0xFF;
            lettersThenDigits |= recent == LetterLetterDigitDigit;
        }

        return new TextShape(Math.Max(maxDigits, digits), lettersThenDigits);
    }

    /// <summary>Whether a match passing <paramref name="validator"/> could occur in the text.</summary>
    public bool Allows(RuleValidator validator) => validator switch
    {
        RuleValidator.Luhn => _maxDigitsInRun >= CheckDigits.MinCardDigits,
        RuleValidator.UsSsn => _maxDigitsInRun >= 9,
        RuleValidator.Phone => _maxDigitsInRun >= CheckDigits.MinPhoneDigits,
        RuleValidator.Iban => _hasLettersThenDigits,
        _ => true,
    };
}
