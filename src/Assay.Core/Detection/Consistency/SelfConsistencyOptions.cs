using Assay.Domain;

namespace Assay.Detection.Consistency;

/// <summary>Settings of the self-consistency scorer and detector; each default is on its property.</summary>
public sealed record SelfConsistencyOptions
{
    /// <value>The fewest samples an interaction must carry to be flagged; with fewer, agreement means little. Default 2.</value>
    public int MinSamples { get; init; } = 2;

    /// <value>
    /// Answers of at most this many words (response and every sample) are compared whole as short answers;
    /// otherwise the response is scored sentence by sentence. Default 6.
    /// </value>
    public int ShortAnswerMaxWords { get; init; } = 6;

    /// <value>An interaction is flagged when its overall score is below this. Default 0.5.</value>
    public double MinScore { get; init; } = 0.5;

    /// <value>
    /// A sentence whose support is below this is unsupported: it is flagged and shown as evidence; a sample
    /// whose overlap with a sentence reaches it counts as supporting the sentence. Default 0.4.
    /// </value>
    public double MinSentenceSupport { get; init; } = 0.4;

    /// <value>Severity of the flag; the starter policy rates hallucination high. Default <see cref="Severity.High"/>.</value>
    public Severity Severity { get; init; } = Severity.High;

    /// <value>The most evidence spans (unsupported sentences, weakest first) one flag carries. Default 10.</value>
    public int MaxEvidence { get; init; } = 10;

    public static SelfConsistencyOptions Default { get; } = new();
}
