using Assay.Detection.Consistency;
using Assay.Domain;
using static Assay.Core.Tests.Detection.Consistency.Some;

namespace Assay.Core.Tests.Detection.Consistency;

public sealed class SelfConsistencyDetectorTests
{
    private const string Response = "Rest the chicken for 15 to 20 minutes under foil. A 2019 study in the Journal of Applied Culinary Physics proves this.";
    private static readonly SelfConsistencyDetector s_detector = new(PolicyHash);

    [Fact]
    public void Detect_unsupported_sentence_flags_hallucination_with_its_exact_span()
    {
        var flags = Detect(s_detector, Interaction(Response, ["Rest the chicken 15 to 20 minutes, covered with foil.", "Let it rest under foil for 15 to 20 minutes."]));

        var flag = Assert.Single(flags);
        Assert.Equal(SelfConsistencyDetector.RuleId, flag.Rule);
        Assert.Equal("hallucination", flag.Category);
        Assert.Equal(Severity.High, flag.Severity);
        Assert.Equal(PolicyHash, flag.Policy);
        var evidence = Assert.Single(flag.Evidence);
        Assert.Equal(new Evidence(TextField.Response, null, 50, 118, "A 2019 study in the Journal of Applied Culinary Physics proves this."), evidence);
        Assert.Equal(evidence.Text, Response[evidence.Start..evidence.End]);
        Assert.Contains("2 samples", flag.Explanation, StringComparison.Ordinal);
        Assert.Contains("overlap", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_consistent_samples_raise_no_flag()
    {
        Assert.Empty(Detect(s_detector, Interaction(Response, [Response, "Rest the chicken 15 to 20 minutes under foil; a 2019 study in the Journal of Applied Culinary Physics proves this."])));
    }

    [Fact]
    public void Detect_without_samples_or_with_too_few_raises_no_flag()
    {
        Assert.Empty(Detect(s_detector, Interaction(Response)));
        Assert.Empty(Detect(s_detector, Interaction(Response, ["Something else entirely about dogs."])));
    }

    [Fact]
    public void Detect_short_answer_disagreement_flags_the_whole_trimmed_response()
    {
        var flag = Assert.Single(Detect(s_detector, Interaction(" Lyon. ", ["Paris", "paris", "Lyon"])));

        Assert.Equal(new Evidence(TextField.Response, null, 1, 6, "Lyon."), Assert.Single(flag.Evidence));
        Assert.Contains("Only 1 of 3 samples", flag.Explanation, StringComparison.Ordinal);
        Assert.Contains("entropy", flag.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_short_answer_in_the_majority_raises_no_flag()
    {
        Assert.Empty(Detect(s_detector, Interaction("Paris", ["Paris.", "paris", "Lyon"])));
    }
}
