using System.Text.RegularExpressions;
using Assay.Detection;

namespace Assay.Core.Tests.Detection;

public sealed class RegexAnalysisTests
{
    [Theory]
    [InlineData(@"account \d+", "account ")]
    [InlineData(@"\bwire (?:transfer|payment)\b", "transfer|payment")]
    [InlineData(@"(?:password|passphrase)\s*[:=]", "password|passphrase")]
    [InlineData(@"ab+cdef", "bcdef")]
    [InlineData(@"x?abcd", "abcd")]
    [InlineData(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}", "@")]
    [InlineData(@"secret|(?:hidden|covert) plan", "secret|hidden|covert")]
    [InlineData(@"(?<verb>steal|rob) x", "steal|rob")]
    [InlineData(@"\x41BC\u0044", "ABCD")]
    public void RequiredLiterals_pattern_with_literals_returns_them(string pattern, string expected)
    {
        var literals = RegexAnalysis.RequiredLiterals(pattern, ignoreCase: false);

        Assert.Equal(expected.Split('|').Order(), literals!.Order());
    }

    [Theory]
    [InlineData(@"\d{3}-\d{2}-\d{4}")]
    [InlineData(@"ab")]
    [InlineData(@"(?:abc)?def?")]
    [InlineData(@"abc|\d+")]
    [InlineData(@"(?i)abc")]
    [InlineData(@"abc*")]
    [InlineData(@"[abc]{3}")]
    public void RequiredLiterals_pattern_without_selective_literals_returns_null(string pattern)
    {
        Assert.Null(RegexAnalysis.RequiredLiterals(pattern, ignoreCase: false));
    }

    [Fact]
    public void RequiredLiterals_ignore_case_skips_non_ascii_characters()
    {
        Assert.Equal(["strasse "], RegexAnalysis.RequiredLiterals("strasse ß", ignoreCase: true));
        Assert.Equal(["strasse ß"], RegexAnalysis.RequiredLiterals("strasse ß", ignoreCase: false));
    }

    [Theory]
    [InlineData("(a+)+$", 1)]
    [InlineData("(x+x+)+y", 1)]
    [InlineData("(?:a*)*", 3)]
    [InlineData(@"(?:\w+\s?)+$", 3)]
    public void FindNestedQuantifier_catastrophic_pattern_returns_inner_offset(string pattern, int offset)
    {
        Assert.Equal(offset, RegexAnalysis.FindNestedQuantifier(pattern));
    }

    [Theory]
    [InlineData(@"\b(?:\d[ -]?){12,18}\d\b")]
    [InlineData(@"(?:ab)+")]
    [InlineData(@"a+b+")]
    [InlineData(@"[a+]+")]
    public void FindNestedQuantifier_safe_pattern_returns_null(string pattern)
    {
        Assert.Null(RegexAnalysis.FindNestedQuantifier(pattern));
    }

    [Fact]
    public void CaseFold_joins_every_char_that_ignore_case_regex_equates_with_an_ascii_char()
    {
        // The prefilter's correctness for case-insensitive regexes rests on this: whenever .NET's
        // IgnoreCase makes a text char equal to an ASCII pattern char, CaseFold gives them the same fold.
        var allChars = new string([.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => !char.IsSurrogate(c))]);
        for (var ascii = (char)0x20; ascii < 0x7F; ascii++)
        {
            var regex = new Regex(Regex.Escape(ascii.ToString()), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            foreach (var match in regex.EnumerateMatches(allChars))
            {
                var c = allChars[match.Index];
                Assert.True(CaseFold.Fold(c) == CaseFold.Fold(ascii), $"U+{(int)c:X4} matches '{ascii}' but folds differently");
            }
        }
    }
}
