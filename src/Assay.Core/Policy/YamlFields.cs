using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Typed reads of a YAML mapping's keys that report, rather than throw, when a value is missing or wrong.</summary>
internal static class YamlFields
{
    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? RequiredString(YamlMappingNode map, string key, string owner, ProblemList problems)
    {
        var node = Get(map, key);
        if (node is null)
        {
            problems.Error(map, $"{owner} is missing required key '{key}'.");
            return null;
        }

        return String(node, key, problems, required: true);
    }

    public static string? OptionalString(YamlMappingNode map, string key, ProblemList problems) =>
        Get(map, key) is { } node ? String(node, key, problems, required: false) : null;

    public static bool? OptionalBool(YamlMappingNode map, string key, ProblemList problems)
    {
        if (Get(map, key) is not { } node)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        problems.Error(node, $"'{key}' must be true or false.");
        return null;
    }

    /// <summary>Reads a scalar that must be one of <paramref name="allowed"/>'s keys (as written in YAML).</summary>
    public static T? OptionalChoice<T>(
        YamlMappingNode map, string key, IReadOnlyDictionary<string, T> allowed, ProblemList problems, bool required = false, string owner = "")
        where T : struct
    {
        var text = required ? RequiredString(map, key, owner, problems) : OptionalString(map, key, problems);
        if (text is null)
        {
            return null;
        }

        if (allowed.TryGetValue(text, out var value))
        {
            return value;
        }

        problems.Error(Get(map, key)!, $"Unknown {key} '{text}'; expected one of: {string.Join(", ", allowed.Keys)}.");
        return null;
    }

    /// <summary>Warns about keys that are not in <paramref name="known"/>, which are usually typos.</summary>
    public static void WarnUnknownKeys(YamlMappingNode map, IReadOnlySet<string> known, string owner, ProblemList problems)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !known.Contains(name))
            {
                problems.Warning(key, $"Unknown key '{key}' in {owner} is ignored; known keys: {string.Join(", ", known)}.");
            }
        }
    }

    public static string Describe(YamlNode node) => string.Create(
        CultureInfo.InvariantCulture, $"line {node.Start.Line}");

    private static string? String(YamlNode node, string key, ProblemList problems, bool required)
    {
        if (node is not YamlScalarNode scalar)
        {
            problems.Error(node, $"'{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}.");
            return null;
        }

        var value = scalar.Value ?? string.Empty;
        if (required && value.Length == 0)
        {
            problems.Error(node, $"'{key}' must not be empty.");
            return null;
        }

        return value;
    }

    /// <summary>Reads a number in [<paramref name="min"/>, <paramref name="max"/>] (a whole one when <paramref name="whole"/>); null when absent or wrong.</summary>
    public static double? OptionalNumber(YamlMappingNode map, string key, double min, double max, ProblemList problems, bool whole = false)
    {
        if (Get(map, key) is not { } node)
            return null;
        if (node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max && (!whole || value == Math.Floor(value)))
            return value;
        var range = string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}");
        problems.Error(node, whole ? $"'{key}' must be a whole number {range}." : $"'{key}' must be a number {range}.");
        return null;
    }

    /// <summary>Reads a list of non-empty strings; <paramref name="what"/> says what they are in the error, e.g. "risk labels, e.g. [high]".</summary>
    public static List<string>? OptionalStrings(YamlMappingNode map, string key, ProblemList problems, string what = "strings")
    {
        if (Get(map, key) is not { } node)
            return null;
        if (node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
            return list.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        problems.Error(node, $"'{key}' must be a list of {what}.");
        return null;
    }
}
