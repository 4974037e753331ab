using Assay.Domain;
using Assay.Policy;
using YamlDotNet.RepresentationModel;

namespace Assay.Core.Tests.Policy;

public sealed class PolicyLoaderTests
{
    private const string Valid = """
        version: "1.2"
        taxonomy:
          - id: pii-leak
            name: PII leak
            definition: Personal data disclosed.
            severity: high
        rules:
          - id: pii.email
            category: pii-leak
            kind: regex
            field: response
            pattern: '[a-z]+@[a-z]+\.com'
            description: An email address.
          - id: words
            category: pii-leak
            kind: lexicon
            severity: low
            case_sensitive: true
            terms: [alpha, beta]
            description: Some words.
        monitors:
          flag_rate: [unsafe-assistance]
        """;

    [Fact]
    public void Parse_valid_policy_returns_policy_with_defaults_applied()
    {
        var result = PolicyLoader.Parse(Valid, "p.yaml");

        Assert.Empty(result.Problems);
        var policy = Assert.IsType<Assay.Policy.PolicyDocument>(result.Policy);
        Assert.Equal("1.2", policy.Version);
        Assert.Equal("p.yaml", policy.Source);
        Assert.Equal(new FailureCategory("pii-leak", "PII leak", "Personal data disclosed.", Severity.High), Assert.Single(policy.Taxonomy));
        Assert.Equal(
            new Rule("pii.email", "pii-leak", RuleKind.Regex, RuleField.Response, false, true, [@"[a-z]+@[a-z]+\.com"], null, "An email address."),
            policy.Rules[0] with { Patterns = [@"[a-z]+@[a-z]+\.com"] },
            new RuleComparer());
        var words = policy.Rules[1];
        Assert.Equal((RuleKind.Lexicon, RuleField.Any, true, true, Severity.Low), (words.Kind, words.Field, words.CaseSensitive, words.WholeWord, words.Severity));
        Assert.Equal(["alpha", "beta"], words.Patterns);
    }

    [Theory]
    [InlineData("\"\\ud800\\ud800\"")]
    [InlineData("key: \"\\udc00\"")]
    public void Parse_an_escaped_lone_surrogate_is_a_syntax_error_not_an_exception(string yaml)
    {
        var result = PolicyLoader.Parse(yaml, "p.yaml");

        Assert.Null(result.Policy);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Contains("surrogate", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_unknown_top_level_sections_are_kept_without_problems()
    {
        var policy = PolicyLoader.Parse(Valid, "p.yaml").Policy!;

        var monitors = Assert.IsType<YamlMappingNode>(Assert.Single(policy.Sections).Value);
        Assert.Equal("flag_rate", Assert.Single(monitors.Children).Key.ToString());
    }

    [Fact]
    public void Parse_hash_is_sha256_of_the_text()
    {
        var policy = PolicyLoader.Parse(Valid, "p.yaml").Policy!;
        var changed = PolicyLoader.Parse(Valid + "\n", "p.yaml").Policy!;

        Assert.Equal(64, policy.Hash.Length);
        Assert.Equal(policy.Hash[..16], policy.ShortHash);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("x"u8)), PolicyLoader.Hash("x"));
        Assert.NotEqual(policy.Hash, changed.Hash);
    }

    [Fact]
    public void Parse_policy_with_many_problems_reports_every_one_with_line_and_column()
    {
        const string yaml = """
            taxonomy:
              - id: a
                name: A
                definition: d
                severity: high
              - id: a
                name: Again
                definition: d
                severity: extreme
            rules:
              - id: r1
                category: nope
                kind: literal
                pattern: x
                description: d
              - id: r1
                category: a
                kind: lexicon
                terms: []
                description: d
              - id: r3
                category: a
                kind: regex
                pattern: '(?<=a)b'
                description: d
              - id: r4
                category: a
                kind: regex
                pattern: '(a+)+$'
                description: d
              - id: r5
                category: a
                kind: regex
                pattern: 'a(b'
                description: d
              - id: r6
                category: a
                kind: glob
                field: everywhere
                pattern: ''
                description: d
              - id: r7
                category: a
                kind: literal
                pattern: ''
                colour: red
            """;

        var result = PolicyLoader.Parse(yaml, "bad.yaml");

        Assert.Null(result.Policy);
        var actual = string.Join("\n", result.Problems.Select(p => $"{p.Line}:{p.Column} {p.Severity} {p.Message}"));
        (int Line, int Column, ProblemSeverity Severity, string Fragment)[] expected =
        [
            (6, 9, ProblemSeverity.Error, "Duplicate category id 'a' (first defined at line 2)"),
            (9, 15, ProblemSeverity.Error, "Unknown severity 'extreme'"),
            (12, 15, ProblemSeverity.Error, "Rule 'r1' refers to unknown category 'nope'; the taxonomy defines: a."),
            (16, 9, ProblemSeverity.Error, "Duplicate rule id 'r1' (first defined at line 11)"),
            (19, 12, ProblemSeverity.Error, "Rule 'r1' has an empty lexicon"),
            (24, 14, ProblemSeverity.Error, "Rule 'r3': regex is not supported by the non-backtracking engine"),
            (29, 14, ProblemSeverity.Error, "Rule 'r4': regex has a quantifier nested in an unbounded quantifier at offset 1"),
            (34, 14, ProblemSeverity.Error, "Rule 'r5': invalid regex at offset 3"),
            (38, 11, ProblemSeverity.Error, "Unknown kind 'glob'; expected one of: literal, lexicon, regex."),
            (39, 12, ProblemSeverity.Error, "Unknown field 'everywhere'"),
            (42, 5, ProblemSeverity.Warning, "Rule 'r7' has no description"),
            (45, 14, ProblemSeverity.Error, "Rule 'r7' has an empty pattern"),
            (46, 5, ProblemSeverity.Warning, "Unknown key 'colour' in a rule is ignored"),
        ];
        Assert.True(expected.Length == result.Problems.Count, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            var (problem, want) = (result.Problems[i], expected[i]);
            Assert.True(
                problem.Line == want.Line && problem.Column == want.Column && problem.Severity == want.Severity
                    && problem.Message.Contains(want.Fragment, StringComparison.Ordinal),
                $"problem {i}: expected {want}, got:\n{actual}");
        }

        Assert.All(result.Problems, p => Assert.Equal("bad.yaml", p.Source));
    }

    [Fact]
    public void Parse_yaml_syntax_error_reports_its_position()
    {
        var result = PolicyLoader.Parse("taxonomy:\n  - id: a\n   bad: [unclosed\n", "s.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("YAML syntax error", problem.Message, StringComparison.Ordinal);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.True(problem.Line >= 2, $"line {problem.Line}");
    }

    [Fact]
    public void Parse_duplicate_mapping_key_is_an_error()
    {
        var result = PolicyLoader.Parse("taxonomy: []\ntaxonomy: []\nrules: []\n", "d.yaml");

        Assert.True(result.HasErrors);
        Assert.Null(result.Policy);
    }

    [Theory]
    [InlineData("", "The policy file is empty")]
    [InlineData("- a\n- b\n", "A policy must be a mapping")]
    [InlineData("version: 1\n", "missing required key 'taxonomy'")]
    public void Parse_document_without_policy_shape_reports_error(string yaml, string message)
    {
        var result = PolicyLoader.Parse(yaml, "e.yaml");

        Assert.Contains(result.Problems, p => p.Message.Contains(message, StringComparison.Ordinal) && p.Severity == ProblemSeverity.Error);
    }

    [Fact]
    public void Parse_missing_keys_in_category_and_rule_are_all_reported()
    {
        var result = PolicyLoader.Parse("taxonomy:\n  - id: a\nrules:\n  - id: r\n", "m.yaml");

        Assert.Equal(
            ["'name'", "'definition'", "'severity'", "'category'", "'kind'"],
            result.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.Message.Split("key ")[1].TrimEnd('.')));
    }

    [Fact]
    public void Parse_warnings_only_still_returns_policy()
    {
        var yaml = Valid.Replace("description: Some words.", "whole_word: false", StringComparison.Ordinal);

        var result = PolicyLoader.Parse(yaml, "w.yaml");

        Assert.False(result.HasErrors);
        Assert.NotNull(result.Policy);
        Assert.Equal(ProblemSeverity.Warning, Assert.Single(result.Problems).Severity);
    }

    [Fact]
    public void ToString_formats_problem_like_a_compiler()
    {
        Assert.Equal("p.yaml:3:7: error: bad", new PolicyProblem("p.yaml", 3, 7, "bad", ProblemSeverity.Error).ToString());
    }

    [Fact]
    public void LoadFile_reads_file_and_names_it_as_source()
    {
        var path = Path.Combine(Path.GetTempPath(), $"assay-policy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Valid);
        try
        {
            var result = PolicyLoader.LoadFile(path);

            Assert.Equal(path, result.Policy!.Source);
            Assert.Equal(PolicyLoader.Hash(Valid), result.Policy.Hash);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class RuleComparer : IEqualityComparer<Rule>
    {
        public bool Equals(Rule? x, Rule? y) =>
            x is not null && y is not null && x with { Patterns = [] } == y with { Patterns = [] } && x.Patterns.SequenceEqual(y.Patterns);

        public int GetHashCode(Rule obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
