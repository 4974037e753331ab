using Assay.Judging;

namespace Assay.Core.Tests.Judging;

public sealed class JudgeAnswerTests
{
    [Fact]
    public void A_fail_answer_is_read_with_its_score_quotes_and_explanation()
    {
        var verdict = JudgeAnswer.Parse("""  {"verdict": "fail", "score": 0.85, "quotes": ["born in 1867", "Nobel"], "explanation": "The date is wrong."}  """);

        Assert.Equal(JudgeOutcome.Fail, verdict.Outcome);
        Assert.Equal(0.85, verdict.Score);
        Assert.Equal(["born in 1867", "Nobel"], verdict.Quotes);
        Assert.Equal("The date is wrong.", verdict.Explanation);
        Assert.Null(verdict.Problem);
    }

    [Fact]
    public void A_pass_answer_with_no_quotes_is_read()
    {
        var verdict = JudgeAnswer.Parse("""{"explanation": "Fine.", "quotes": [], "score": 0, "verdict": "pass"}""");

        Assert.Equal(JudgeOutcome.Pass, verdict.Outcome);
        Assert.Equal(0, verdict.Score);
        Assert.Empty(verdict.Quotes);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("```json\n{\"verdict\":\"fail\",\"score\":1,\"quotes\":[],\"explanation\":\"x\"}\n```", "does not start with a JSON object")]
    [InlineData("Verdict: {\"verdict\":\"fail\",\"score\":1,\"quotes\":[],\"explanation\":\"x\"}", "does not start with a JSON object")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":[],\"explanation\":\"x\"} and more", "not one JSON object")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":[],\"explanation\":\"x\",}", "not one JSON object")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":[]}", "key 'explanation' is missing")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":[],\"explanation\":\"x\",\"confidence\":1}", "unexpected key 'confidence'")]
    [InlineData("{\"verdict\":\"fail\",\"verdict\":\"pass\",\"score\":1,\"quotes\":[],\"explanation\":\"x\"}", "key 'verdict' appears twice")]
    [InlineData("{\"verdict\":\"Fail\",\"score\":1,\"quotes\":[],\"explanation\":\"x\"}", "'verdict' must be")]
    [InlineData("{\"verdict\":\"unsure\",\"score\":1,\"quotes\":[],\"explanation\":\"x\"}", "'verdict' must be")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1.2,\"quotes\":[],\"explanation\":\"x\"}", "'score' must be")]
    [InlineData("{\"verdict\":\"fail\",\"score\":\"0.9\",\"quotes\":[],\"explanation\":\"x\"}", "'score' must be")]
    [InlineData("{\"verdict\":\"fail\",\"score\":-0.1,\"quotes\":[],\"explanation\":\"x\"}", "'score' must be")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":\"x\",\"explanation\":\"x\"}", "'quotes' must be")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":[1],\"explanation\":\"x\"}", "'quotes' must be")]
    [InlineData("{\"verdict\":\"fail\",\"score\":1,\"quotes\":[],\"explanation\":null}", "'explanation' must be")]
    [InlineData("[{\"verdict\":\"fail\"}]", "does not start with a JSON object")]
    public void An_answer_that_breaks_the_contract_is_malformed_with_the_reason(string answer, string reason)
    {
        var verdict = JudgeAnswer.Parse(answer);

        Assert.Equal(JudgeOutcome.Malformed, verdict.Outcome);
        Assert.Null(verdict.Score);
        Assert.Empty(verdict.Quotes);
        Assert.Contains(reason, verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_text_never_throws_and_is_never_read_as_a_verdict()
    {
        var random = new Random(20261205);
        const string alphabet = "{}[]\":,.0123456789 failpassverdictscorequotesexplanation\\\n";
        for (var i = 0; i < 2000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 80)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var verdict = JudgeAnswer.Parse(text);
            Assert.Equal(JudgeOutcome.Malformed, verdict.Outcome);
        }
    }
}
