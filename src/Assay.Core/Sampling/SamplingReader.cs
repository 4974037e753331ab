using System.Globalization;
using Assay.Policy;
using YamlDotNet.RepresentationModel;

namespace Assay.Sampling;

/// <summary>Reads a policy's <c>sampling</c> section, reporting every problem with its line and column.</summary>
/// <remarks>The keys and their defaults are documented in docs/POLICY.md and docs/SELF-CONSISTENCY.md.</remarks>
public static class SamplingReader
{
    private static readonly HashSet<string> s_keys =
        ["share", "samples", "temperature", "max_output_tokens", "requests_per_minute", "daily_token_budget", "only_risk"];

    /// <summary>Reads the section of <paramref name="policy"/>; no <c>sampling</c> section means sampling is off.</summary>
    public static SamplingReadResult Read(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new ProblemList(policy.Source);
        if (!policy.Sections.TryGetValue("sampling", out var node))
            return new SamplingReadResult(null, []);
        var sampling = Read(node, problems);
        return new SamplingReadResult(problems.HasErrors ? null : sampling, problems.Sorted());
    }

    private static SamplingPolicy? Read(YamlNode node, ProblemList problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Error(node, "'sampling' must be a mapping.");
            return null;
        }

        YamlFields.WarnUnknownKeys(map, s_keys, "sampling", problems);
        var defaults = new SamplingPolicy();
        var share = YamlFields.OptionalNumber(map, "share", 0, 1, problems);
        if (YamlFields.Get(map, "share") is null)
            problems.Error(map, "The 'sampling' section is missing required key 'share' (the share of interactions to sample, 0 to 1).");
        return new SamplingPolicy
        {
            Share = share ?? 0,
            Samples = (int?)YamlFields.OptionalNumber(map, "samples", 2, 20, problems, whole: true) ?? defaults.Samples,
            Temperature = YamlFields.OptionalNumber(map, "temperature", 0, 2, problems) ?? defaults.Temperature,
            MaxOutputTokens = (int?)YamlFields.OptionalNumber(map, "max_output_tokens", 1, 32_768, problems, whole: true) ?? defaults.MaxOutputTokens,
            RequestsPerMinute = (int?)YamlFields.OptionalNumber(map, "requests_per_minute", 1, 6_000, problems, whole: true) ?? defaults.RequestsPerMinute,
            DailyTokenBudget = (long?)YamlFields.OptionalNumber(map, "daily_token_budget", 1, 1e12, problems, whole: true) ?? defaults.DailyTokenBudget,
            OnlyRisk = YamlFields.OptionalStrings(map, "only_risk", problems, "risk labels, e.g. [high]") ?? defaults.OnlyRisk,
        };
    }
}
