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
        // Jump from digit to digit with the vectorised search (prose is mostly letters), and walk each run of
        // digits and number punctuation; a per-char loop over the whole text is ten times slower.
        var maxDigits = 0;
        var lettersThenDigits = false;
        var i = text.IndexOfAnyInRange('0', '9');
        while (i >= 0)
        {
            lettersThenDigits |= i >= 2 && i + 1 < text.Length && char.IsAsciiLetter(text[i - 2])
                && char.IsAsciiLetter(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);
            var digits = 0;
            var j = i;
            for (; j < text.Length; j++)
            {
                var c = text[j];
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
                else if (c is not (' ' or '-' or '.' or '(' or ')' or '+'))
                {
                    break;
                }
            }

            maxDigits = Math.Max(maxDigits, digits);
            var next = text[j..].IndexOfAnyInRange('0', '9');
            i = next < 0 ? -1 : j + next;
        }

        return new TextShape(maxDigits, lettersThenDigits);
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
