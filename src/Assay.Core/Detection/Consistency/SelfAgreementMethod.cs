namespace Assay.Detection.Consistency;

/// <summary>How a self-agreement score was computed.</summary>
public enum SelfAgreementMethod
{
    /// <summary>Not scored: no samples, or a response with nothing to compare.</summary>
    None,

    /// <summary>Normalised short answers compared whole (majority share and entropy).</summary>
    ShortAnswer,

    /// <summary>Each sentence of the response scored by its unigram and bigram overlap with the samples.</summary>
    SentenceOverlap,
}
