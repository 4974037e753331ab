namespace Assay.Sampling;

/// <summary>The <c>sampling</c> section of a policy: which interactions Assay draws its own samples for, and how many.</summary>
/// <remarks>
/// Part of the policy hash, so that which interactions were sampled, and how, can be told from the policy alone.
/// Where the samples come from (endpoint, model, key) is server configuration, not policy.
/// </remarks>
public sealed record SamplingPolicy
{
    /// <value>Share (0–1) of processed interactions without client samples that are sampled; required in the policy.</value>
    public double Share { get; init; }

    /// <value>Samples drawn per interaction, 2–20. Default 3.</value>
    public int Samples { get; init; } = 3;

    /// <value>Sampling temperature, 0–2. Default 1.0: samples must be free to disagree for disagreement to mean anything.</value>
    public double Temperature { get; init; } = 1.0;

    /// <value>Most output tokens per sample. Default 512.</value>
    public int MaxOutputTokens { get; init; } = 512;

    /// <value>Most requests per minute to the endpoint, spaced evenly. Default 60.</value>
    public int RequestsPerMinute { get; init; } = 60;

    /// <value>Tokens (input + output) that may be spent per UTC day. Default 200,000.</value>
    public long DailyTokenBudget { get; init; } = 200_000;

    /// <value>Only interactions whose <c>metadata.risk</c> is one of these (case-insensitive); empty for all. Default empty.</value>
    public IReadOnlyList<string> OnlyRisk { get; init; } = [];
}
