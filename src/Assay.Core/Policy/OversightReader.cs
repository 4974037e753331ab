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
            CriticalRules = YamlFields.OptionalStrings(map, "critical_rules", problems) ?? routing.CriticalRules,
            CriticalRiskLabels = YamlFields.OptionalStrings(map, "critical_risk_labels", problems) ?? routing.CriticalRiskLabels,
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
            LabelsPerTask = (int?)YamlFields.OptionalNumber(map, "labels_per_task", 1, 20, problems, whole: true) ?? review.LabelsPerTask,
            CalibrationShare = Rate(map, "calibration_share") ?? review.CalibrationShare,
            CalibrationLabels = (int?)YamlFields.OptionalNumber(map, "calibration_labels", 1, 20, problems, whole: true) ?? review.CalibrationLabels,
            AgreementThreshold = YamlFields.OptionalNumber(map, "agreement_threshold", -1, 1, problems) ?? review.AgreementThreshold,
        };
    }

    private double? Rate(YamlMappingNode map, string key) => YamlFields.OptionalNumber(map, key, 0, 1, problems);

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
