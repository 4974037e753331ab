using Assay.Domain;
using Assay.Storage;

namespace Assay.Monitoring;

/// <summary>The features of one interaction that drift monitors and alert rules watch.</summary>
/// <param name="Id">The interaction's id.</param>
/// <param name="Timestamp">When the interaction happened, if known.</param>
/// <param name="ModelVersion">The model and version, as <c>model@version</c>.</param>
/// <param name="InputChars">Characters in the user messages.</param>
/// <param name="ResponseChars">Characters in the response.</param>
/// <param name="ReasoningChars">Characters in the reasoning trace (0 when there is none).</param>
/// <param name="InputTokens">o200k_base tokens in the user messages.</param>
/// <param name="ResponseTokens">o200k_base tokens in the response.</param>
/// <param name="ReasoningTokens">o200k_base tokens in the reasoning trace.</param>
/// <param name="Refusal">Whether an over-refusal flag is present.</param>
/// <param name="Script">The dominant Unicode script of the user input.</param>
/// <param name="Topic">The topic lexicon the user input hits most, or <c>other</c>.</param>
/// <param name="FlagCategories">The distinct flag categories, sorted.</param>
/// <param name="SelfAgreement">The self-agreement score when the interaction carries samples.</param>
/// <param name="LatencyMs">The reported latency.</param>
/// <param name="Project">The project from the interaction's metadata, if any.</param>
public sealed record InteractionFeatures(
    string Id,
    DateTimeOffset? Timestamp,
    string ModelVersion,
    double InputChars,
    double ResponseChars,
    double ReasoningChars,
    double InputTokens,
    double ResponseTokens,
    double ReasoningTokens,
    bool Refusal,
    string Script,
    string Topic,
    IReadOnlyList<string> FlagCategories,
    double? SelfAgreement,
    double? LatencyMs,
    string? Project = null)
{
    /// <summary>The taxonomy category whose flags mark a refusal.</summary>
    public const string RefusalCategory = "over-refusal";

    /// <summary>Computes the features of <paramref name="interaction"/> given the flags recorded for it.</summary>
    /// <param name="interaction">The interaction.</param>
    /// <param name="flags">The flags recorded for it.</param>
    /// <param name="stored">Its stored self-agreement score, if any; without one, the interaction's own samples are scored here.</param>
    public static InteractionFeatures From(Interaction interaction, IReadOnlyList<Flag> flags, SelfAgreementRecord? stored = null)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(flags);
        var user = string.Join('\n', interaction.Input.Where(m => m.Role == MessageRole.User).Select(m => m.Content));
        var categories = flags.Select(f => f.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var score = stored?.Score
            ?? (interaction.Samples.Count > 0 ? Detection.Consistency.SelfAgreement.Score(interaction.Response, interaction.Samples).Score : double.NaN);
        double? selfAgreement = double.IsNaN(score) ? null : score;

        return new InteractionFeatures(
            interaction.Id,
            interaction.Timestamp,
            interaction.ModelKey,
            user.Length,
            interaction.Response.Length,
            interaction.Reasoning?.Length ?? 0,
            TokenCounter.Count(user),
            TokenCounter.Count(interaction.Response),
            TokenCounter.Count(interaction.Reasoning),
            Array.IndexOf(categories, RefusalCategory) >= 0,
            DominantScript.Of(user),
            TopicLexicons.Classify(user),
            categories,
            selfAgreement,
            interaction.LatencyMs,
            interaction.Metadata.Project);
    }

    /// <summary>
    /// These features with the flag-derived parts and the self-agreement score taken from <paramref name="flags"/> and
    /// <paramref name="stored"/> again: for results that arrive after processing (samples Assay drew), without re-tokenizing.
    /// </summary>
    public InteractionFeatures WithResults(IReadOnlyList<Flag> flags, SelfAgreementRecord? stored)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var categories = flags.Select(f => f.Category).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return this with
        {
            FlagCategories = categories,
            Refusal = Array.IndexOf(categories, RefusalCategory) >= 0,
            SelfAgreement = stored is { Score: var score } && !double.IsNaN(score) ? score : SelfAgreement,
        };
    }

    /// <summary>Whether a flag of <paramref name="category"/> is present.</summary>
    public bool HasCategory(string category) => FlagCategories.Contains(category, StringComparer.Ordinal);
}
