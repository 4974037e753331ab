using Assay.Detection;

namespace Assay.Core.Tests.Detection;

public sealed class AhoCorasickTests
{
    [Fact]
    public void Scan_overlapping_patterns_reports_every_pattern_ending_at_each_position()
    {
        var matcher = AhoCorasick.Build(["he", "she", "his", "hers"]);
        var matches = new List<AhoCorasickMatch>();

        matcher.Scan("ushers", matches);

        Assert.Equal([(0, 4), (1, 4), (3, 6)], matches.Select(m => (m.Pattern, m.End)).Order());
    }

    [Fact]
    public void Scan_pattern_that_is_suffix_of_another_reports_both()
    {
        var matcher = AhoCorasick.Build(["abcd", "bcd", "cd", "d"]);
        var matches = new List<AhoCorasickMatch>();

        matcher.Scan("xabcdx", matches);

        Assert.Equal([0, 1, 2, 3], matches.Select(m => m.Pattern).Order());
        Assert.All(matches, m => Assert.Equal(5, m.End));
    }

    [Fact]
    public void Scan_mixed_case_text_matches_folded_patterns()
    {
        var matcher = AhoCorasick.Build(["Straße", "ΣΟΦΙΑ", "привет"]);
        var matches = new List<AhoCorasickMatch>();

        matcher.Scan("STRASSE straSSe STRAẞE σοφια ПРИВЕТ", matches);

        // "STRASSE" is two chars longer than "Straße": a char-to-char fold cannot join them, by design.
        Assert.Equal([(0, 22), (1, 28), (2, 35)], matches.Select(m => (m.Pattern, m.End)));
    }

    [Fact]
    public void Scan_random_texts_matches_naive_search()
    {
        var random = new Random(1234);
        for (var round = 0; round < 200; round++)
        {
            var patterns = Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomText(random, random.Next(1, 5))).ToList();
            var text = RandomText(random, random.Next(0, 200));
            var matcher = AhoCorasick.Build(patterns);
            var matches = new List<AhoCorasickMatch>();

            matcher.Scan(text, matches);

            var expected = new List<(int, int)>();
            for (var p = 0; p < patterns.Count; p++)
            {
                for (var end = patterns[p].Length; end <= text.Length; end++)
                {
                    if (text.AsSpan(end - patterns[p].Length, patterns[p].Length).Equals(patterns[p], StringComparison.OrdinalIgnoreCase))
                    {
                        expected.Add((p, end));
                    }
                }
            }

            Assert.Equal(expected.Order(), matches.Select(m => (m.Pattern, m.End)).Order());
        }
    }

    [Theory]
    [InlineData(49)]
    [InlineData(50)]
    [InlineData(51)]
    [InlineData(52)]
    [InlineData(60)]
    public void Scan_match_across_the_middle_of_the_text_is_reported_once(int start)
    {
        var text = new string('x', 120).Remove(start, 10).Insert(start, "needle1234");
        var matcher = AhoCorasick.Build(["needle1234", "x", "1234x"]);
        var matches = new List<AhoCorasickMatch>();

        matcher.Scan(text, matches);

        Assert.Equal(start + 10, Assert.Single(matches, m => m.Pattern == 0).End);
        Assert.Equal(start + 11, Assert.Single(matches, m => m.Pattern == 2).End);
        Assert.Equal(110, matches.Count(m => m.Pattern == 1));
    }

    [Fact]
    public void Build_empty_pattern_throws()
    {
        Assert.Throws<ArgumentException>(() => AhoCorasick.Build(["a", ""]));
    }

    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => "abAB c"[random.Next(6)])]);
}
