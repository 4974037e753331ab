using System.Globalization;
using Assay.Review;
using Assay.Routing;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Reads a policy's <c>routing</c> and <c>review</c> sections, reporting every problem with its position.</summary>
internal sealed class OversightReader(ProblemList problems, IReadOnlySet<string> categories)
{
    private static readonly HashSet<string> s_routingKeys = ["salt", "audit_rate", "flagged_rate", "flagged_rates", "critical_rules", "critical_risk_labels"];
    private static readonly HashSet<string> s_reviewKeys = ["labels_per_task", "calibration_share", "calibration_labels", "agreement_threshold"];

    public RoutingPolicy ReadRouting(YamlMappingNode root)
    {
        var routing = RoutingPolicy.Default;
        if (YamlFields.Get(root, "routing") is not { } node)
            return routing;
        if (node is not YamlMappingNode map)
        {
            problems.Error(node, "'routing' must be a mapping.");
            return routing;
        }

        YamlFields.WarnUnknownKeys(map, s_routingKeys, "routing", problems);
        routing = routing with
        {
            Salt = YamlFields.OptionalString(map, "salt", problems) ?? routing.Salt,
            AuditRate = Rate(map, "audit_rate") ?? routing.AuditRate,
            FlaggedRate = Rate(map, "flagged_rate") ?? routing.FlaggedRate,
            FlaggedRates = CategoryRates(map) ?? routing.FlaggedRates,
            CriticalRules = Strings(map, "critical_rules") ?? routing.CriticalRules,
            CriticalRiskLabels = Strings(map, "critical_risk_labels") ?? routing.CriticalRiskLabels,
        };
        return routing;
    }

    public ReviewPolicy ReadReview(YamlMappingNode root)
    {
        var review = ReviewPolicy.Default;
        if (YamlFields.Get(root, "review") is not { } node)
            return review;
        if (node is not YamlMappingNode map)
        {
            problems.Error(node, "'review' must be a mapping.");
            return review;
        }

        YamlFields.WarnUnknownKeys(map, s_reviewKeys, "review", problems);
        return review with
        {
            LabelsPerTask = Count(map, "labels_per_task") ?? review.LabelsPerTask,
            CalibrationShare = Rate(map, "calibration_share") ?? review.CalibrationShare,
            CalibrationLabels = Count(map, "calibration_labels") ?? review.CalibrationLabels,
            AgreementThreshold = Number(map, "agreement_threshold", -1, 1) ?? review.AgreementThreshold,
        };
    }

    private double? Rate(YamlMappingNode map, string key) => Number(map, key, 0, 1);

    private double? Number(YamlMappingNode map, string key, double min, double max)
    {
        if (YamlFields.Get(map, key) is not { } node)
            return null;
        if (node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        problems.Error(node, $"'{key}' must be a number from {min} to {max}.");
        return null;
    }

    private int? Count(YamlMappingNode map, string key)
    {
        if (YamlFields.Get(map, key) is not { } node)
            return null;
        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 20)
            return value;
        problems.Error(node, $"'{key}' must be a whole number from 1 to 20.");
        return null;
    }

    private List<string>? Strings(YamlMappingNode map, string key)
    {
        if (YamlFields.Get(map, key) is not { } node)
            return null;
        if (node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            return list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        problems.Error(node, $"'{key}' must be a list of strings.");
        return null;
    }

    private Dictionary<string, double>? CategoryRates(YamlMappingNode map)
    {
        if (YamlFields.Get(map, "flagged_rates") is not { } node)
            return null;
        if (node is not YamlMappingNode rates)
        {
            problems.Error(node, "'flagged_rates' must map category ids to rates.");
            return null;
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, _) in rates.Children)
        {
            var category = ((YamlScalarNode)key).Value ?? "";
            if (!categories.Contains(category))
            {
                problems.Error(key, $"'flagged_rates' names unknown category '{category}'.");
                continue;
            }

            if (Rate(rates, category) is { } rate)
                result[category] = rate;
        }

        return result;
    }
}
