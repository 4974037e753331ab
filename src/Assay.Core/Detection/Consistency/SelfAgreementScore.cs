namespace Assay.Detection.Consistency;

/// <summary>How well an interaction's samples agree with its response.</summary>
/// <param name="Method">How the score was computed.</param>
/// <param name="SampleCount">The number of samples compared.</param>
/// <param name="Score">
/// 0 to 1, higher is more consistent: for short answers the share of samples agreeing with the response, for
/// long answers the mean support of the response's sentences. <see cref="double.NaN"/> when <see cref="Method"/> is None.
/// </param>
/// <param name="ShortAnswer">The short-answer statistics, for that method only.</param>
/// <param name="Sentences">The scored sentences (those with at least one content word), for the sentence method only.</param>
public sealed record SelfAgreementScore(
    SelfAgreementMethod Method,
    int SampleCount,
    double Score,
    ShortAnswerAgreement? ShortAnswer,
    IReadOnlyList<SentenceSupport> Sentences)
{
    public static SelfAgreementScore NotScored(int sampleCount) => new(SelfAgreementMethod.None, sampleCount, double.NaN, null, []);
}
