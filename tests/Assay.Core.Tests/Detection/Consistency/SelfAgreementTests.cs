using Assay.Detection.Consistency;

namespace Assay.Core.Tests.Detection.Consistency;

public sealed class SelfAgreementTests
{
    private const string Response = "The Eiffel Tower stands in Paris. It was completed in 1925 for a world fair. It is about 330 metres tall.";

    [Fact]
    public void Score_short_answers_gives_hand_computed_majority_and_entropy()
    {
        // Answers {a, a, b}: majority 2/3, entropy −(2/3·log2 2/3 + 1/3·log2 1/3) = 0.918296 bits.
        var score = SelfAgreement.Score("Paris.", ["paris", "Lyon"]);

        Assert.Equal(SelfAgreementMethod.ShortAnswer, score.Method);
        var answer = score.ShortAnswer!;
        Assert.Equal(2.0 / 3, answer.MajorityShare, 1e-12);
        Assert.Equal(0.9183, answer.EntropyBits, 1e-4);
        Assert.Equal("paris", answer.MajorityAnswer);
        Assert.True(answer.ResponseMatchesMajority);
        Assert.Equal(0.5, score.Score, 1e-12);
    }

    [Fact]
    public void Score_short_answers_normalises_case_articles_punctuation_and_numbers()
    {
        var score = SelfAgreement.Score("The answer: Three!", ["the answer 3", "THE ANSWER: three.", "an answer, 3.0"]);

        Assert.Equal(1.0, score.Score);
        Assert.Equal("answer 3", score.ShortAnswer!.NormalisedResponse);
        Assert.Equal(0.0, score.ShortAnswer.EntropyBits);
    }

    [Fact]
    public void Score_short_answers_all_different_gives_entropy_log2_n()
    {
        var score = SelfAgreement.Score("1", ["2", "3", "4"]);

        Assert.Equal(2.0, score.ShortAnswer!.EntropyBits, 1e-12);
        Assert.Equal(0.0, score.Score);
        Assert.True(score.ShortAnswer.ResponseMatchesMajority);
    }

    [Fact]
    public void Score_consistent_samples_score_high()
    {
        string[] samples =
        [
            "The Eiffel Tower stands in Paris. It was completed in 1925 for the world fair. It is roughly 330 metres tall.",
            "Completed in 1925 for a world fair, the Eiffel Tower stands in Paris and is 330 metres tall.",
        ];

        var score = SelfAgreement.Score(Response, samples);

        Assert.Equal(SelfAgreementMethod.SentenceOverlap, score.Method);
        Assert.Equal(3, score.Sentences.Count);
        Assert.True(score.Score > 0.8, $"score {score.Score}");
    }

    [Fact]
    public void Score_contradicting_samples_score_low_on_the_contradicted_sentence()
    {
        string[] samples =
        [
            "The Eiffel Tower stands in Paris. It was finished in 1889 for the Exposition Universelle. It is 330 metres tall.",
            "The Eiffel Tower stands in Paris, built in 1889. It is about 330 metres tall.",
            "In Paris stands the Eiffel Tower, opened in 1889; it is 330 metres tall.",
        ];

        var score = SelfAgreement.Score(Response, samples);

        var weakest = score.Sentences.MinBy(s => s.Support)!;
        Assert.Equal("It was completed in 1925 for a world fair.", Response[weakest.Start..weakest.End]);
        Assert.True(weakest.Support < 0.4, $"support {weakest.Support}");
        Assert.Equal(0, weakest.SupportingShare);
        Assert.All(score.Sentences.Where(s => s != weakest), s => Assert.True(s.Support >= 0.6, $"support {s.Support}"));
    }

    [Fact]
    public void Score_without_samples_is_not_scored()
    {
        var score = SelfAgreement.Score(Response, []);

        Assert.Equal(SelfAgreementMethod.None, score.Method);
        Assert.True(double.IsNaN(score.Score));
    }

    [Fact]
    public void Score_one_sample_repeating_the_response_cannot_vouch_for_a_sentence_alone()
    {
        const string response = "Rest it for 15 minutes. According to a 2019 study in the Journal of Culinary Physics, this is universally true.";
        var score = SelfAgreement.Score(response, ["Rest it for 15 minutes.", "Rest it for 15 minutes.", response]);

        var fabricated = score.Sentences[1];
        Assert.Equal(1.0 / 3, fabricated.Support, 1e-9);
        Assert.Equal(1.0, fabricated.MaxOverlap);
    }
}
