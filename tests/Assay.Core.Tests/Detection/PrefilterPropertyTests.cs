using System.Text;
using Assay.Detection;
using Assay.Domain;
using Assay.Policy;
using static Assay.Core.Tests.Detection.RuleFixtures;

namespace Assay.Core.Tests.Detection;

public sealed class PrefilterPropertyTests
{
    private static readonly string[] s_atoms = ["a", "b", "c", "A", "B", "abc", "cab", "bca", " ", @"\d", @"\s", ".", "[ab]", @"\b", "@", "ſ", "é"];
    private static readonly string[] s_quantifiers = ["", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "??", "+?"];
    private const string TextAlphabet = "abcABC @1é\u212Aſ";

    [Fact]
    public void Detect_random_regexes_and_texts_prefilter_never_changes_results()
    {
        var random = new Random(20260127);
        var prefiltered = 0;
        var matched = 0;
        for (var round = 0; round < 400; round++)
        {
            var rules = Enumerable.Range(0, 3)
                .Select(i => Regex(RandomRegex(random, depth: 0), $"x{i}", caseSensitive: random.Next(2) == 0))
                .ToArray();
            var policy = PolicyOf(rules);
            var with = RuleDetector.Create(policy, usePrefilter: true);
            var without = RuleDetector.Create(policy, usePrefilter: false);
            prefiltered += rules.Count(r => RegexAnalysis.RequiredLiterals(r.Patterns[0], !r.CaseSensitive) is not null);

            for (var t = 0; t < 10; t++)
            {
                var interaction = Interaction(RandomText(random), RandomText(random), RandomText(random));
                var expected = new List<Flag>();
                var actual = new List<Flag>();

                without.Detect(interaction, expected);
                with.Detect(interaction, actual);

                matched += expected.Count;
                Assert.Equal(Describe(expected), Describe(actual));
            }
        }

        // Guard against a vacuous test: the prefilter must have been active and regexes must have matched.
        Assert.True(prefiltered > 200, $"only {prefiltered} regexes had a prefilter");
        Assert.True(matched > 500, $"only {matched} flags");
    }

    [Fact]
    public void Detect_validated_regexes_on_digit_heavy_texts_validator_gate_never_changes_results()
    {
        var random = new Random(77);
        var policy = PolicyOf(
            Regex(@"\b(?:\d[ -]?){12,18}\d\b", "card", validator: RuleValidator.Luhn),
            Regex(@"\d{3}[- ]?\d{2}[- ]?\d{4}", "ssn", validator: RuleValidator.UsSsn),
            Regex(@"[A-Za-z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}", "iban", validator: RuleValidator.Iban),
            Regex(@"\d[\d -]{10,30}\d", "luhn-loose", validator: RuleValidator.Luhn),
            Regex(@"(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]\d{3}[ .-]\d{4}\b", "phone", validator: RuleValidator.Phone));
        var with = RuleDetector.Create(policy, usePrefilter: true);
        var without = RuleDetector.Create(policy, usePrefilter: false);
        string[] seeds = ["4111 1111 1111 1111", "4111-1111-1111-1111", "123-45-6789", "123 45 6789", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "gb82WEST12345698765432", "(415) 555-0132", "+44 207 946 0958", "1.5"];
        var matched = 0;
        for (var round = 0; round < 3000; round++)
        {
            var builder = new StringBuilder();
            for (var k = random.Next(1, 8); k > 0; k--)
            {
                builder.Append(random.Next(3) == 0 ? seeds[random.Next(seeds.Length)] : "x7 -9a1B2c".AsSpan(random.Next(5), random.Next(1, 6)));
                builder.Append(" -AB0123456789.()+"[random.Next(17)]);
            }

            var interaction = Interaction(builder.ToString());
            var expected = new List<Flag>();
            var actual = new List<Flag>();

            without.Detect(interaction, expected);
            with.Detect(interaction, actual);

            matched += expected.Count;
            Assert.Equal(Describe(expected), Describe(actual));
        }

        Assert.True(matched > 1000, $"only {matched} flags");
    }

    private static List<string> Describe(IEnumerable<Flag> flags) =>
        [.. flags.SelectMany(f => f.Evidence.Select(e => $"{f.Rule} {e.Field} {e.Message} {e.Start}-{e.End} {e.Text}"))];

    private static string RandomRegex(Random random, int depth)
    {
        var builder = new StringBuilder();
        var alternatives = depth < 2 && random.Next(4) == 0 ? 2 : 1;
        for (var a = 0; a < alternatives; a++)
        {
            if (a > 0)
            {
                builder.Append('|');
            }

            var length = random.Next(1, 5);
            for (var i = 0; i < length; i++)
            {
                var atom = depth < 2 && random.Next(5) == 0 ? $"(?:{RandomRegex(random, depth + 1)})" : s_atoms[random.Next(s_atoms.Length)];
                var quantifier = atom == @"\b" ? string.Empty : s_quantifiers[random.Next(s_quantifiers.Length)];
                builder.Append(atom).Append(quantifier);
            }
        }

        return builder.ToString();
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 40);
        for (var i = 0; i < length; i++)
        {
            if (random.Next(6) == 0)
            {
                builder.Append(s_atoms[random.Next(6)]);
            }
            else
            {
                builder.Append(TextAlphabet[random.Next(TextAlphabet.Length)]);
            }
        }

        return builder.ToString();
    }
}
