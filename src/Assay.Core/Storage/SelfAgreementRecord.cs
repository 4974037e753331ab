using Assay.Detection.Consistency;

namespace Assay.Storage;

/// <summary>A self-agreement score as it is stored for one interaction, so that charts and monitors never recompute it.</summary>
/// <param name="Source">Whose samples were compared.</param>
/// <param name="ModelVersion">The interaction's model and version, as <c>model@version</c>, the key scores are charted by.</param>
/// <param name="Method">How the score was computed.</param>
/// <param name="SampleCount">Samples compared.</param>
/// <param name="Score">0 to 1, higher is more consistent; NaN when <paramref name="Method"/> is None.</param>
/// <param name="UnsupportedSentences">Sentences of the response below the support threshold (sentence method only).</param>
/// <param name="Samples">The samples themselves when Assay drew them, kept so the score can be reproduced; null for client samples (they are in the interaction).</param>
/// <param name="DrawnBy">The model that drew them, when Assay did; it is named in the flag's explanation.</param>
/// <param name="Tokens">What drawing them cost, when Assay did: counted against the sampler's daily budget, also after a restart.</param>
public sealed record SelfAgreementRecord(
    SampleSource Source,
    string ModelVersion,
    SelfAgreementMethod Method,
    int SampleCount,
    double Score,
    int UnsupportedSentences,
    IReadOnlyList<string>? Samples = null,
    string? DrawnBy = null,
    long? Tokens = null)
{
    /// <summary>Why <see cref="Score"/> is undefined, when it is; null otherwise.</summary>
    public string? Warning => double.IsFinite(Score) ? null
        : "not scored: there were no samples, the response had nothing to compare, or the sampler's endpoint refused the interaction";

    /// <summary>The record of <paramref name="score"/>, counting sentences below <paramref name="minSentenceSupport"/>.</summary>
    public static SelfAgreementRecord From(
        SampleSource source, string modelVersion, SelfAgreementScore score, double minSentenceSupport, IReadOnlyList<string>? samples = null, string? drawnBy = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new SelfAgreementRecord(source, modelVersion, score.Method, score.SampleCount, score.Score,
            score.Sentences.Count(s => s.Support < minSentenceSupport), samples, drawnBy);
    }
}
