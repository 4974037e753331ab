using System.Globalization;
using Assay.Domain;

namespace Assay.Detection.Consistency;

/// <summary>The detector that flags a response its own samples do not support, as a likely hallucination.</summary>
/// <remarks>
/// Scores with <see cref="SelfAgreement.Score"/> and raises at most one flag, <see cref="RuleId"/>, when the
/// interaction has at least <see cref="SelfConsistencyOptions.MinSamples"/> samples and the score is below
/// <see cref="SelfConsistencyOptions.MinScore"/>, or (long answers) some sentence is below
/// <see cref="SelfConsistencyOptions.MinSentenceSupport"/>. Evidence: the unsupported sentences of the response,
/// weakest first, or the whole response for a short answer. Never flags without samples. Immutable and thread-safe.
/// </remarks>
public sealed class SelfConsistencyDetector(string policyHash, SelfConsistencyOptions? options = null) : IDetector
{
    /// <summary>The rule id of the flag this detector raises.</summary>
    public const string RuleId = "consistency.low-self-agreement";

    /// <summary>The taxonomy category of the flag.</summary>
    public const string Category = "hallucination";

    private readonly string _policyHash = policyHash ?? throw new ArgumentNullException(nameof(policyHash));
    private readonly SelfConsistencyOptions _options = options ?? SelfConsistencyOptions.Default;

    /// <inheritdoc/>
    public string Id => "self-consistency";

    /// <inheritdoc/>
    public IReadOnlyList<FlagKind> Kinds { get; } = [new(RuleId, Category)];

    /// <inheritdoc/>
    public void Detect(Interaction interaction, ICollection<Flag> flags)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(flags);
        if (Score(interaction) is { } score && Judge(interaction.Response, score) is { } flag)
            flags.Add(flag);
    }

    /// <summary>The options this detector judges with.</summary>
    public SelfConsistencyOptions Options => _options;

    /// <summary>Scores the interaction's own samples; null without enough of them.</summary>
    public SelfAgreementScore? Score(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return interaction.Samples.Count == 0 || interaction.Samples.Count < _options.MinSamples
            ? null
            : SelfAgreement.Score(interaction.Response, interaction.Samples, _options);
    }

    /// <summary>The flag a score earns, or null; shared by client samples and samples Assay draws itself.</summary>
    public Flag? Judge(string response, SelfAgreementScore score)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(score);
        return score.SampleCount < _options.MinSamples ? null : score.Method switch
        {
            SelfAgreementMethod.ShortAnswer when score.Score < _options.MinScore => ShortAnswerFlag(response, score),
            SelfAgreementMethod.SentenceOverlap => SentenceFlag(response, score),
            _ => null,
        };
    }

    /// <summary>The flag that samples Assay drew from <paramref name="drawnBy"/> earn, or null; its explanation names the model.</summary>
    /// <remarks>The sampler and replay both judge drawn samples here, so a replay of the same policy finds the same flag.</remarks>
    public Flag? JudgeDrawn(string response, SelfAgreementScore score, string? drawnBy) =>
        Judge(response, score) is { } flag
            ? flag with { Explanation = $"{flag.Explanation} Samples drawn by Assay from {drawnBy ?? "the configured model"}." }
            : null;

    private Flag ShortAnswerFlag(string response, SelfAgreementScore score)
    {
        var answer = score.ShortAnswer!;
        var start = 0;
        var end = response.Length;
        while (start < end && char.IsWhiteSpace(response[start]))
            start++;
        while (end > start && char.IsWhiteSpace(response[end - 1]))
            end--;

        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"Only {answer.AgreeingSamples} of {score.SampleCount} samples give the same short answer as the response (\"{answer.NormalisedResponse}\"): self-agreement {score.Score:0.00} < {_options.MinScore:0.00}; the majority answer is \"{answer.MajorityAnswer}\" (share {answer.MajorityShare:0.00}, entropy {answer.EntropyBits:0.00} bits). Method: normalised short-answer agreement.");
        return new Flag(RuleId, Category, _options.Severity, _policyHash, [new Evidence(TextField.Response, null, start, end, response[start..end])], explanation);
    }

    private Flag? SentenceFlag(string response, SelfAgreementScore score)
    {
        var weak = score.Sentences.Where(s => s.Support < _options.MinSentenceSupport).OrderBy(s => s.Support).ToList();
        if (weak.Count == 0 && score.Score >= _options.MinScore)
            return null;
        var unsupported = weak.Count;
        if (weak.Count == 0)
            weak.Add(score.Sentences.MinBy(s => s.Support)!);

        var evidence = weak.Take(_options.MaxEvidence)
            .OrderBy(s => s.Start)
            .Select(s => new Evidence(TextField.Response, null, s.Start, s.End, response[s.Start..s.End]))
            .ToList();
        var weakest = weak[0];
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"{unsupported} of {score.Sentences.Count} sentences of the response are not supported by its {score.SampleCount} samples (support below {_options.MinSentenceSupport:0.00}; weakest {weakest.Support:0.00}, supported by {weakest.SupportingShare * 100:0}% of samples); overall self-agreement {score.Score:0.00}. Method: unigram+bigram content-word overlap per sentence, averaged over samples (SelfCheckGPT-style).");
        return new Flag(RuleId, Category, _options.Severity, _policyHash, evidence, explanation);
    }
}
