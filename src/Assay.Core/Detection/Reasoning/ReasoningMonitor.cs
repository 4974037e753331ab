using System.Collections.Frozen;
using System.Globalization;
using Assay.Detection.Text;
using Assay.Domain;

namespace Assay.Detection.Reasoning;

/// <summary>The detector that reads a reasoning trace against its answer: mismatched conclusion, concealment, and shape.</summary>
/// <remarks>
/// <para>
/// Raises at most one flag per rule: <see cref="MismatchRule"/> (the answer contradicts the reasoning's
/// conclusion; evidence in both fields), <see cref="ConcealmentRule"/> (the reasoning plans to hide something the
/// answer indeed leaves out), and <see cref="EmptyRule"/>, <see cref="TruncatedRule"/> and
/// <see cref="AnomalousLengthRule"/> for the reasoning's shape. The methods are in docs/REASONING-MONITORS.md.
/// </para>
/// <para>Immutable and thread-safe. An interaction without reasoning costs a null check.</para>
/// </remarks>
public sealed class ReasoningMonitor : IDetector
{
    public const string MismatchRule = "reasoning.conclusion-mismatch";
    public const string ConcealmentRule = "reasoning.concealment";
    public const string EmptyRule = "reasoning.empty";
    public const string TruncatedRule = "reasoning.truncated";
    public const string AnomalousLengthRule = "reasoning.anomalous-length";

    /// <summary>Taxonomy category of <see cref="MismatchRule"/>.</summary>
    public const string MismatchCategory = "reasoning-mismatch";

    /// <summary>Taxonomy category of <see cref="ConcealmentRule"/>.</summary>
    public const string DeceptionCategory = "deception";

    /// <summary>Taxonomy category of the shape rules.</summary>
    public const string IncoherenceCategory = "incoherence";

    private const int MaxQuotedChars = 80;

    private readonly string _policyHash;
    private readonly ReasoningMonitorOptions _options;
    private readonly FrozenSet<string> _alwaysReason;
    private readonly FrozenDictionary<string, ReasoningLengthRange> _expectedLength;

    public ReasoningMonitor(string policyHash, ReasoningMonitorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policyHash);
        _policyHash = policyHash;
        _options = options ?? ReasoningMonitorOptions.Default;
        _alwaysReason = _options.ModelsThatAlwaysReason.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _expectedLength = _options.ExpectedLength.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc/>
    public string Id => "reasoning-monitor";

    /// <inheritdoc/>
    public IReadOnlyList<FlagKind> Kinds { get; } =
    [
        new(MismatchRule, MismatchCategory), new(ConcealmentRule, DeceptionCategory), new(EmptyRule, IncoherenceCategory),
        new(TruncatedRule, IncoherenceCategory), new(AnomalousLengthRule, IncoherenceCategory),
    ];

    /// <inheritdoc/>
    public void Detect(Interaction interaction, ICollection<Flag> flags)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(flags);
        var reasoning = interaction.Reasoning;
        if (string.IsNullOrWhiteSpace(reasoning))
        {
            Add(flags, ReasoningShapeCheck.Empty(interaction, _options, _alwaysReason.Contains(interaction.Model), _policyHash));
            return;
        }

        Add(flags, ReasoningShapeCheck.Truncated(reasoning, _options, _policyHash));
        Add(flags, ReasoningShapeCheck.AnomalousLength(interaction, reasoning, _expectedLength.GetValueOrDefault(interaction.Model), _options, _policyHash));
        if (string.IsNullOrWhiteSpace(interaction.Response))
            return;

        var thought = new TextAnalysis(reasoning);
        var answer = new TextAnalysis(interaction.Response);
        if (ConclusionExtractor.Extract(thought) is { } conclusion
            && ConclusionCheck.Find(thought, conclusion, answer, _options.MinConclusionOverlap) is { } mismatch)
        {
            flags.Add(MismatchFlag(thought, conclusion, answer, mismatch));
        }

        if (ConcealmentCheck.Find(thought, answer, _options.MaxConcealedShareInAnswer) is { } concealment)
            flags.Add(ConcealmentFlag(thought, answer, concealment));
    }

    private Flag MismatchFlag(TextAnalysis thought, Conclusion conclusion, TextAnalysis answer, MismatchFinding mismatch)
    {
        var sentence = thought.Sentences[conclusion.Sentence];
        var phrase = thought.Text[thought.Tokens[conclusion.PhraseStart].Start..thought.Tokens[conclusion.PhraseEnd - 1].End];
        var how = conclusion.FromCue ? "concludes" : "ends with";
        var explanation = $"The reasoning {how} \"{Quote(phrase)}\" but the answer {mismatch.Reason}.";
        return new Flag(MismatchRule, MismatchCategory, _options.MismatchSeverity, _policyHash,
            [Span(TextField.Reasoning, thought.Text, sentence), Span(TextField.Response, answer.Text, mismatch.Response)], explanation);
    }

    private Flag ConcealmentFlag(TextAnalysis thought, TextAnalysis answer, ConcealmentFinding concealment)
    {
        var evidence = new List<Evidence>(2) { Span(TextField.Reasoning, thought.Text, concealment.Reasoning) };
        if (concealment.Response is { } touched)
            evidence.Add(Span(TextField.Response, answer.Text, touched));

        var sentence = thought.Text[concealment.Reasoning.Start..concealment.Reasoning.End];
        var missing = string.Join(", ", concealment.Missing.Select(w => $"\"{w}\""));
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"The reasoning plans to keep something from the user (\"{Quote(sentence)}\") and the answer never mentions {missing}.");
        return new Flag(ConcealmentRule, DeceptionCategory, _options.ConcealmentSeverity, _policyHash, evidence, explanation);
    }

    private static Evidence Span(TextField field, string text, TextSpan span) =>
        new(field, null, span.Start, span.End, text[span.Start..span.End]);

    private static string Quote(string text) => text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), "…");

    private static void Add(ICollection<Flag> flags, Flag? flag)
    {
        if (flag is not null)
            flags.Add(flag);
    }
}
