namespace Assay.Judging;

/// <summary>The <c>judging</c> section of a policy: how hard the judge rules may use their model, shared by all of them.</summary>
/// <remarks>
/// Part of the policy hash, like sampling. Where the model is (endpoint, model name, key) is server configuration.
/// Without the section, every judge rule runs under these defaults.
/// </remarks>
public sealed record JudgingPolicy
{
    public static JudgingPolicy Default { get; } = new();

    /// <value>Sampling temperature for judge calls, 0–2. Default 0: a verdict should not depend on the roll of a die.</value>
    public double Temperature { get; init; }

    /// <value>Most output tokens per verdict. Default 512.</value>
    public int MaxOutputTokens { get; init; } = 512;

    /// <value>Most judge requests per minute, all rules together, spaced evenly. Default 60.</value>
    public int RequestsPerMinute { get; init; } = 60;

    /// <value>Tokens (input + output) the judges may spend per UTC day, all together. Default 200,000.</value>
    public long DailyTokenBudget { get; init; } = 200_000;
}
