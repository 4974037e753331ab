using Assay.Domain;
using Assay.Judging;

namespace Assay.Core.Tests.Judging;

public sealed class JudgeFlagTests
{
    private static readonly JudgeRule s_rule = new("judge.hallucination", "hallucination", 0.1, "{{response}}", [], null, "Checks facts against general knowledge.");

    private static readonly Interaction s_interaction = new(
        "i-1", null, "atlas", "1", [new Message(MessageRole.User, "When was Curie born?")],
        "Marie Curie was born in 1877 in Warsaw.", null, [], InteractionMetadata.Empty, null, null);

    [Fact]
    public void A_fail_verdict_becomes_a_flag_with_located_evidence_and_the_unverified_quotes_named()
    {
        var verdict = new JudgeVerdict(JudgeOutcome.Fail, 0.9, ["born in 1877", "in Paris"], "She was born in 1867.", null);

        var flag = JudgeFlag.For(s_rule, Severity.High, "hash", s_interaction, verdict, "judge-model");

        Assert.NotNull(flag);
        Assert.Equal(("judge.hallucination", "hallucination", Severity.High, "hash"), (flag.Rule, flag.Category, flag.Severity, flag.Policy));
        Assert.Equal(new Evidence(TextField.Response, null, 16, 28, "born in 1877"), Assert.Single(flag.Evidence));
        Assert.Equal(
            "LLM judge 'judge.hallucination' (judge-model) answered fail with score 0.9 (Checks facts against general knowledge): She was born in 1867. Unverified quotes (not found in the text): \"in Paris\".",
            flag.Explanation);
    }

    [Fact]
    public void A_flag_without_any_found_quote_says_so_and_the_rule_severity_overrides_the_category()
    {
        var rule = s_rule with { Severity = Severity.Critical };
        var verdict = new JudgeVerdict(JudgeOutcome.Fail, 0.6, [], "", null);

        var flag = JudgeFlag.For(rule, Severity.High, "hash", s_interaction, verdict, "m");

        Assert.NotNull(flag);
        Assert.Equal(Severity.Critical, flag.Severity);
        Assert.Empty(flag.Evidence);
        Assert.Contains("no explanation given", flag.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("No quote could be located, so the flag has no highlighted evidence.", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Pass_and_malformed_verdicts_raise_no_flag()
    {
        Assert.Null(JudgeFlag.For(s_rule, Severity.High, "h", s_interaction, new JudgeVerdict(JudgeOutcome.Pass, 0.1, [], "ok", null), "m"));
        Assert.Null(JudgeFlag.For(s_rule, Severity.High, "h", s_interaction, JudgeVerdict.Malformed("the answer is empty"), "m"));
    }

    [Fact]
    public void A_long_explanation_is_cut_to_the_limit()
    {
        var verdict = new JudgeVerdict(JudgeOutcome.Fail, 1, [], new string('x', 5000), null);

        var flag = JudgeFlag.For(s_rule, Severity.High, "h", s_interaction, verdict, "m");

        Assert.NotNull(flag);
        Assert.Contains(new string('x', JudgeFlag.MaxExplanation - 1) + "…", flag.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', JudgeFlag.MaxExplanation), flag.Explanation, StringComparison.Ordinal);
    }
}
