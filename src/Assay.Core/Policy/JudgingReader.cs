using Assay.Judging;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Reads a policy's optional <c>judging</c> section (limits shared by all judge rules), reporting every problem.</summary>
internal static class JudgingReader
{
    private static readonly HashSet<string> s_keys = ["temperature", "max_output_tokens", "requests_per_minute", "daily_token_budget"];

    public static JudgingPolicy Read(YamlMappingNode root, ProblemList problems)
    {
        if (YamlFields.Get(root, "judging") is not { } node)
            return JudgingPolicy.Default;
        if (node is not YamlMappingNode map)
        {
            problems.Error(node, "'judging' must be a mapping.");
            return JudgingPolicy.Default;
        }

        YamlFields.WarnUnknownKeys(map, s_keys, "judging", problems);
        var defaults = JudgingPolicy.Default;
        return new JudgingPolicy
        {
            Temperature = YamlFields.OptionalNumber(map, "temperature", 0, 2, problems) ?? defaults.Temperature,
            MaxOutputTokens = (int?)YamlFields.OptionalNumber(map, "max_output_tokens", 1, 32_768, problems, whole: true) ?? defaults.MaxOutputTokens,
            RequestsPerMinute = (int?)YamlFields.OptionalNumber(map, "requests_per_minute", 1, 6_000, problems, whole: true) ?? defaults.RequestsPerMinute,
            DailyTokenBudget = (long?)YamlFields.OptionalNumber(map, "daily_token_budget", 1, 1e12, problems, whole: true) ?? defaults.DailyTokenBudget,
        };
    }
}
