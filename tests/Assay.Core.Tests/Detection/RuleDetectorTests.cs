using Assay.Detection;
using Assay.Domain;
using Assay.Policy;
using static Assay.Core.Tests.Detection.RuleFixtures;

namespace Assay.Core.Tests.Detection;

public sealed class RuleDetectorTests
{
    [Fact]
    public void Detect_lexicon_with_overlapping_terms_reports_each_term_in_one_flag()
    {
        var flags = Detect(PolicyOf(Lexicon("l", "he", "she", "hers") with { WholeWord = false }), Interaction("ushers"));

        var flag = Assert.Single(flags);
        Assert.Equal([(1, 4, "she"), (2, 4, "he"), (2, 6, "hers")], Spans(flags));
        Assert.Equal("l", flag.Rule);
    }

    [Theory]
    [InlineData("cat", "cat", true)]
    [InlineData("cat", "a cat.", true)]
    [InlineData("cat", "(cat)", true)]
    [InlineData("cat", "cats", false)]
    [InlineData("cat", "concat", false)]
    [InlineData("cat", "cat_food", false)]
    [InlineData("cat", "cat9", false)]
    [InlineData("cat", "9cat", false)]
    [InlineData("cat", "caté", false)]
    [InlineData("cat", "ыcat", false)]
    [InlineData("cat", "cat-flap", true)]
    [InlineData("cat", "貓cat", false)]
    [InlineData("cafe", "cafe\u0301", false)]
    [InlineData("system prompt:", "system prompt:do it", true)]
    [InlineData("system prompt:", "xsystem prompt:", false)]
    [InlineData("кот", "кот!", true)]
    [InlineData("кот", "котик", false)]
    public void Detect_whole_word_literal_respects_unicode_word_boundaries(string pattern, string text, bool expected)
    {
        var spans = SpansOf(Literal(pattern), text);

        Assert.Equal(expected, spans.Count == 1);
    }

    [Fact]
    public void Detect_whole_word_off_matches_inside_words()
    {
        Assert.Equal([(3, 6, "cat")], SpansOf(Literal("cat", wholeWord: false), "concatenate"));
    }

    [Theory]
    [InlineData("Ignore Previous", "IGNORE PREVIOUS")]
    [InlineData("ελληνικά", "ΕΛΛΗΝΙΚΆ")]
    [InlineData("Ελλάς", "ελλάσ")]
    [InlineData("ПРИВЕТ", "привет")]
    [InlineData("café", "CAFÉ")]
    [InlineData("Kelvin", "\u212Aelvin")]
    public void Detect_case_insensitive_literal_folds_unicode_case(string pattern, string text)
    {
        Assert.Single(SpansOf(Literal(pattern), text));
    }

    [Theory]
    [InlineData("straße", "STRASSE")]
    [InlineData("fi", "ﬁ")]
    public void Detect_case_insensitive_literal_does_not_apply_full_case_folding(string pattern, string text)
    {
        Assert.Empty(SpansOf(Literal(pattern), text));
    }

    [Fact]
    public void Detect_case_sensitive_literal_requires_exact_case()
    {
        var rule = Literal("DAN", caseSensitive: true);

        Assert.Empty(SpansOf(rule, "dan is here"));
        Assert.Equal([(8, 11, "DAN")], SpansOf(rule, "you are DAN"));
    }

    [Fact]
    public void Detect_text_with_emoji_before_match_reports_utf16_offsets()
    {
        const string text = "😀🎉 secret 𝔸 secret";

        var spans = SpansOf(Literal("secret"), text);

        Assert.Equal([(5, 11, "secret"), (15, 21, "secret")], spans);
        Assert.All(spans, s => Assert.Equal("secret", text[s.Start..s.End]));
    }

    [Fact]
    public void Detect_letter_outside_bmp_glued_to_match_is_not_a_boundary()
    {
        Assert.Empty(SpansOf(Literal("secret"), "𝔸secret"));
    }

    [Fact]
    public void Detect_input_messages_carry_message_index_and_offsets_into_that_message()
    {
        var flags = Detect(
            PolicyOf(Literal("ignore previous instructions", field: RuleField.Input)),
            Interaction("ignore previous instructions", null, "hello", "please ignore previous instructions"));

        var evidence = Assert.Single(Assert.Single(flags).Evidence);
        Assert.Equal(new Evidence(TextField.Input, 1, 7, 35, "ignore previous instructions"), evidence);
    }

    [Fact]
    public void Detect_rule_on_reasoning_ignores_response()
    {
        var policy = PolicyOf(Literal("hide this", field: RuleField.Reasoning));

        Assert.Empty(Detect(policy, Interaction("hide this")));
        var flag = Assert.Single(Detect(policy, Interaction("ok", "I will hide this")));
        Assert.Equal(TextField.Reasoning, Assert.Single(flag.Evidence).Field);
    }

    [Fact]
    public void Detect_any_field_reads_input_response_and_reasoning()
    {
        var flags = Detect(PolicyOf(Literal("x")), Interaction("x", "x", "x"));

        Assert.Equal([TextField.Input, TextField.Response, TextField.Reasoning], Assert.Single(flags).Evidence.Select(e => e.Field));
    }

    [Fact]
    public void Detect_flag_carries_rule_category_severity_policy_and_explanation()
    {
        var rule = Regex(@"\b4\d{3}(?: \d{4}){3}\b", "pii.credit-card", validator: RuleValidator.Luhn) with
        {
            Severity = Severity.Critical,
            Description = "A payment card number.",
        };

        var flag = Assert.Single(Detect(PolicyOf(rule), Interaction("card 4111 1111 1111 1111 and 4111 1111 1111 1112")));

        Assert.Equal(("pii.credit-card", "cat", Severity.Critical, new string('a', 64)), (flag.Rule, flag.Category, flag.Severity, flag.Policy));
        Assert.Equal([(5, 24, "4111 1111 1111 1111")], Spans([flag]));
        Assert.Equal("Rule 'pii.credit-card' (regex) matched \"4111 1111 1111 1111\" in response: A payment card number.", flag.Explanation);
    }

    [Fact]
    public void Detect_severity_without_override_comes_from_category()
    {
        Assert.Equal(Severity.Medium, Assert.Single(Detect(PolicyOf(Literal("x")), Interaction("x"))).Severity);
    }

    [Fact]
    public void Detect_many_matches_caps_evidence_and_counts_all_in_explanation()
    {
        var flag = Assert.Single(Detect(PolicyOf(Literal("spam")), Interaction(string.Join(' ', Enumerable.Repeat("spam", 50)))));

        Assert.Equal(RuleDetector.MaxEvidencePerFlag, flag.Evidence.Count);
        Assert.Contains("(and 49 more)", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_two_rules_raise_two_flags_in_policy_order()
    {
        var flags = Detect(PolicyOf(Literal("b", "second"), Literal("a", "first")), Interaction("a b"));

        Assert.Equal(["second", "first"], flags.Select(f => f.Rule));
    }

    [Fact]
    public void Detect_same_term_in_two_rules_flags_both()
    {
        var flags = Detect(PolicyOf(Literal("same", "one"), Literal("SAME", "two", caseSensitive: true)), Interaction("same SAME"));

        Assert.Equal([("one", 0), ("one", 5), ("two", 5)], flags.SelectMany(f => f.Evidence.Select(e => (f.Rule, e.Start))));
    }

    [Fact]
    public void Detect_regex_empty_matches_are_not_evidence()
    {
        Assert.Empty(SpansOf(Regex("z*"), "abc"));
    }

    [Fact]
    public void Detect_case_insensitive_regex_with_prefilter_matches_any_case()
    {
        Assert.Equal([(4, 17, "ACCOUNT 12345")], SpansOf(Regex(@"account \d+"), "the ACCOUNT 12345"));
    }

    [Fact]
    public void Detect_case_sensitive_regex_with_prefilter_requires_exact_case()
    {
        var rule = Regex(@"Account \d+", caseSensitive: true);

        Assert.Empty(SpansOf(rule, "account 1"));
        Assert.Single(SpansOf(rule, "Account 1"));
    }

    [Fact]
    public async Task Detect_catastrophic_regex_on_long_input_returns_promptly()
    {
        var text = new string('a', 50_000) + "!";
        var policy = PolicyOf(Regex("(a+)+$", "nested"), Regex("(x+x+)+y", "xy"));

        var task = Task.Run(() => Detect(policy, Interaction(text, new string('x', 50_000))));

        // A backtracking engine would need ~2^50000 steps here; the bound is only there to fail rather than hang.
        var flags = await task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Empty(flags);
    }

    [Fact]
    public void Detect_empty_policy_raises_nothing()
    {
        Assert.Empty(Detect(PolicyOf(), Interaction("anything")));
    }
}
