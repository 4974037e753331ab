namespace Assay.Detection.Consistency;

/// <summary>Agreement among the normalised short answers of the response and its samples.</summary>
/// <param name="NormalisedResponse">The response after normalisation.</param>
/// <param name="MajorityAnswer">The most frequent normalised answer (ties go to the response's answer, then to the first seen).</param>
/// <param name="MajorityShare">Share of all answers (response and samples) equal to the majority answer.</param>
/// <param name="EntropyBits">Shannon entropy, in bits, of the distribution of normalised answers.</param>
/// <param name="ResponseMatchesMajority">Whether the response gives the majority answer.</param>
/// <param name="AgreeingSamples">How many samples give the same normalised answer as the response.</param>
public sealed record ShortAnswerAgreement(
    string NormalisedResponse,
    string MajorityAnswer,
    double MajorityShare,
    double EntropyBits,
    bool ResponseMatchesMajority,
    int AgreeingSamples);
