using System.Globalization;
using Assay.Policy;
using YamlDotNet.RepresentationModel;

namespace Assay.Monitoring;

/// <summary>Reads a policy's <c>monitors</c> section into rules, reporting every problem with its line and column.</summary>
/// <remarks>The keys and their defaults are documented in docs/MONITORING.md.</remarks>
public static class MonitorReader
{
    private static readonly HashSet<string> s_keys = ["id", "metric", "category", "window", "reference", "test", "above", "below", "alpha", "min_samples", "buckets", "group_by", "min_psi", "baseline", "resolve_alpha", "incident"];

    private static readonly Dictionary<string, MonitorMetric> s_metrics = new(StringComparer.Ordinal)
    {
        ["flag_rate"] = MonitorMetric.FlagRate,
        ["self_agreement"] = MonitorMetric.SelfAgreement,
        ["drift"] = MonitorMetric.Drift,
        ["volume"] = MonitorMetric.Volume,
    };

    private static readonly HashSet<string> s_baselineKeys = ["from", "to"];

    private static readonly Dictionary<string, MonitorGrouping> s_groupings = new(StringComparer.Ordinal)
    {
        ["none"] = MonitorGrouping.None,
        ["model_version"] = MonitorGrouping.ModelVersion,
        ["project"] = MonitorGrouping.Project,
    };

    private static readonly Dictionary<string, Incidents.IncidentSeverity> s_incidents = new(StringComparer.Ordinal)
    {
        ["low"] = Incidents.IncidentSeverity.Low,
        ["medium"] = Incidents.IncidentSeverity.Medium,
        ["high"] = Incidents.IncidentSeverity.High,
        ["critical"] = Incidents.IncidentSeverity.Critical,
    };

    private static readonly Dictionary<string, MonitorTest> s_tests = new(StringComparer.Ordinal)
    {
        ["threshold"] = MonitorTest.Threshold,
        ["compare"] = MonitorTest.Compare,
        ["cusum"] = MonitorTest.Cusum,
        ["page_hinkley"] = MonitorTest.PageHinkley,
        ["drift"] = MonitorTest.Drift,
    };

    /// <summary>Reads the rules of <paramref name="policy"/>; no <c>monitors</c> section means no rules.</summary>
    public static MonitorReadResult Read(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new ProblemList(policy.Source);
        var rules = new List<MonitorRule>();
        if (policy.Sections.TryGetValue("monitors", out var node))
            Read(node, policy.Taxonomy.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), problems, rules);
        return new MonitorReadResult(rules, problems.Sorted());
    }

    private static void Read(YamlNode node, HashSet<string> categories, ProblemList problems, List<MonitorRule> rules)
    {
        if (node is not YamlSequenceNode list)
        {
            problems.Error(node, "'monitors' must be a list of monitor rules.");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                problems.Error(item, "A monitor rule must be a mapping.");
                continue;
            }

            var errors = problems.Sorted().Count(p => p.Severity == ProblemSeverity.Error);
            var rule = ReadRule(map, categories, problems);
            if (rule is not null && !ids.Add(rule.Id))
            {
                problems.Error(YamlFields.Get(map, "id")!, $"Monitor id '{rule.Id}' is used twice.");
                continue;
            }

            if (rule is not null && problems.Sorted().Count(p => p.Severity == ProblemSeverity.Error) == errors)
                rules.Add(rule);
        }
    }

    private static MonitorRule? ReadRule(YamlMappingNode map, HashSet<string> categories, ProblemList problems)
    {
        YamlFields.WarnUnknownKeys(map, s_keys, "a monitor rule", problems);
        var id = YamlFields.RequiredString(map, "id", "A monitor rule", problems);
        var metric = YamlFields.OptionalChoice(map, "metric", s_metrics, problems, required: true, owner: "A monitor rule");
        var category = YamlFields.OptionalString(map, "category", problems);
        var test = YamlFields.OptionalChoice(map, "test", s_tests, problems);
        var window = Duration(map, "window", problems) ?? MonitorRule.DefaultWindow;
        var reference = Duration(map, "reference", problems) ?? MonitorRule.DefaultReference;
        var above = YamlFields.OptionalNumber(map, "above", double.MinValue, double.MaxValue, problems);
        var below = YamlFields.OptionalNumber(map, "below", double.MinValue, double.MaxValue, problems);
        var alpha = YamlFields.OptionalNumber(map, "alpha", 1e-6, 0.5, problems) ?? MonitorRule.DefaultAlpha;
        var resolveAlpha = YamlFields.OptionalNumber(map, "resolve_alpha", 1e-6, 0.5, problems);
        var minSamples = (int?)YamlFields.OptionalNumber(map, "min_samples", 1, 1_000_000, problems, whole: true) ?? MonitorRule.DefaultMinSamples;
        var buckets = (int?)YamlFields.OptionalNumber(map, "buckets", 2, 1000, problems, whole: true) ?? MonitorRule.DefaultBuckets;
        var minPsi = YamlFields.OptionalNumber(map, "min_psi", 0, 10, problems) ?? 0;
        var baseline = Baseline(map, problems);
        if (baseline is not null && YamlFields.Get(map, "reference") is { } referenceNode)
            problems.Warning(referenceNode, "'reference' is ignored when a fixed 'baseline' is given.");
        var groupBy = YamlFields.OptionalChoice(map, "group_by", s_groupings, problems) ?? MonitorGrouping.None;
        var incident = YamlFields.OptionalChoice(map, "incident", s_incidents, problems);
        if (id is null || metric is null)
            return null;

        var chosen = test ?? Default(metric.Value, above, below);
        if (!Allowed(metric.Value, chosen))
        {
            problems.Error(YamlFields.Get(map, "test")!, $"Test '{Name(chosen)}' does not apply to metric '{Name(metric.Value)}'.");
            return null;
        }

        if (metric == MonitorMetric.FlagRate && category is null)
            problems.Error(map, $"Monitor '{id}' watches a flag rate and needs a 'category'.");
        else if (category is not null && metric != MonitorMetric.FlagRate)
            problems.Warning(YamlFields.Get(map, "category")!, $"'category' only applies to flag_rate and is ignored by monitor '{id}'.");
        else if (category is not null && !categories.Contains(category))
            problems.Error(YamlFields.Get(map, "category")!, $"Monitor '{id}' names unknown category '{category}'.");
        if (YamlFields.Get(map, "min_psi") is { } psiNode && metric != MonitorMetric.Drift)
            problems.Warning(psiNode, $"'min_psi' only applies to drift and is ignored by monitor '{id}'.");
        if (baseline is not null && groupBy == MonitorGrouping.ModelVersion)
            problems.Warning(YamlFields.Get(map, "baseline")!, $"Monitor '{id}' compares each model version with its own traffic in the baseline: a version released after the baseline has none and is never evaluated.");
        if (chosen is MonitorTest.Cusum or MonitorTest.PageHinkley && alpha < StreamChange.SmallestAlpha)
            problems.Error(YamlFields.Get(map, "alpha")!, $"Monitor '{id}': {Name(chosen)} is calibrated by {StreamChange.Replicates} bootstrap replicates, which cannot certify an alpha below {StreamChange.SmallestAlpha}.");
        if (resolveAlpha is { } resolve && YamlFields.Get(map, "resolve_alpha") is { } resolveNode)
        {
            if (resolve < alpha)
                problems.Error(resolveNode, $"Monitor '{id}': resolve_alpha {resolve} is below alpha {alpha}; an alert must resolve at a stricter level than the one that fires it.");
            else if (chosen == MonitorTest.Threshold)
                problems.Warning(resolveNode, $"'resolve_alpha' only applies to statistical tests and is ignored by threshold monitor '{id}'.");
        }

        if (chosen == MonitorTest.Threshold && above is null && below is null)
            problems.Error(map, $"Monitor '{id}' uses a threshold and needs 'above' or 'below'.");
        return new MonitorRule(id, metric.Value, metric == MonitorMetric.FlagRate ? category : null, window, reference, chosen, above, below, alpha, minSamples, buckets, groupBy, minPsi, baseline, resolveAlpha, incident);
    }

    /// <summary>The test a metric gets when none is named: the statistical one where there is one.</summary>
    private static MonitorTest Default(MonitorMetric metric, double? above, double? below) => metric switch
    {
        MonitorMetric.Drift => MonitorTest.Drift,
        MonitorMetric.Volume => MonitorTest.Threshold,
        _ when above is not null || below is not null => MonitorTest.Threshold,
        MonitorMetric.FlagRate => MonitorTest.Compare,
        _ => MonitorTest.Cusum,
    };

    private static bool Allowed(MonitorMetric metric, MonitorTest test) => metric switch
    {
        MonitorMetric.Drift => test == MonitorTest.Drift,
        MonitorMetric.Volume => test == MonitorTest.Threshold,
        _ => test != MonitorTest.Drift,
    };

    private static string Name(MonitorMetric metric) => s_metrics.First(m => m.Value == metric).Key;

    private static string Name(MonitorTest test) => s_tests.First(t => t.Value == test).Key;

    /// <summary>Reads <c>baseline: {from: RFC 3339, to: RFC 3339}</c>, from before to.</summary>
    private static MonitorBaseline? Baseline(YamlMappingNode map, ProblemList problems)
    {
        if (YamlFields.Get(map, "baseline") is not { } node)
            return null;
        if (node is not YamlMappingNode period)
        {
            problems.Error(node, "'baseline' must be a mapping with 'from' and 'to' (RFC 3339 date-times).");
            return null;
        }

        YamlFields.WarnUnknownKeys(period, s_baselineKeys, "a baseline", problems);
        DateTimeOffset? Time(string key)
        {
            if (YamlFields.Get(period, key) is YamlScalarNode { Value: var text } && Ingest.Rfc3339.TryParse(text, out var time))
                return time;
            problems.Error(YamlFields.Get(period, key) ?? period, $"'baseline.{key}' must be an RFC 3339 date-time with an offset, e.g. 2026-11-01T00:00:00Z.");
            return null;
        }

        var (from, to) = (Time("from"), Time("to"));
        if (from is null || to is null)
            return null;
        if (from < to)
            return new MonitorBaseline(from.Value, to.Value);
        problems.Error(period, "'baseline.from' must be before 'baseline.to'.");
        return null;
    }

    /// <summary>Reads a duration such as <c>30s</c>, <c>15m</c>, <c>1h</c> or <c>7d</c>.</summary>
    private static TimeSpan? Duration(YamlMappingNode map, string key, ProblemList problems)
    {
        if (YamlFields.Get(map, key) is not { } node)
            return null;
        if (node is YamlScalarNode { Value: { Length: >= 2 } text }
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is not null)
                return span;
        }

        problems.Error(node, $"'{key}' must be a duration such as 30s, 15m, 1h or 7d.");
        return null;
    }
}
