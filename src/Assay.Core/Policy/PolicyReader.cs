using Assay.Domain;
using Assay.Judging;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Reads a policy document's top level and taxonomy, collecting every problem instead of stopping at the first.</summary>
internal sealed class PolicyReader
{
    public static readonly IReadOnlyDictionary<string, Severity> Severities = new Dictionary<string, Severity>
    {
        ["low"] = Severity.Low,
        ["medium"] = Severity.Medium,
        ["high"] = Severity.High,
        ["critical"] = Severity.Critical,
    };

    private static readonly HashSet<string> s_categoryKeys = ["id", "name", "definition", "severity"];

    private readonly ProblemList _problems;

    public PolicyReader(ProblemList problems) => _problems = problems;

    /// <summary>Reads the document; returns null when it has errors (which are then in the problem list).</summary>
    public PolicyDocument? Read(YamlNode root, string hash)
    {
        if (root is not YamlMappingNode map)
        {
            _problems.Error(root, "A policy must be a mapping with 'taxonomy' and 'rules' keys.");
            return null;
        }

        var version = YamlFields.OptionalString(map, "version", _problems);
        var taxonomy = ReadTaxonomy(map);
        var ruleReader = new RuleReader(_problems, taxonomy);
        var rules = ruleReader.ReadRules(map);
        var judging = JudgingReader.Read(map, _problems);
        var oversight = new OversightReader(_problems, taxonomy.Select(c => c.Category.Id).ToHashSet(StringComparer.Ordinal));
        var routing = oversight.ReadRouting(map);
        var review = oversight.ReadReview(map);

        // Sections a later reader interprets (routing, review, monitors…) are kept as they are, without warning.
        var sections = new Dictionary<string, YamlNode>();
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && name is not ("version" or "taxonomy" or "rules"))
            {
                sections[name] = value;
            }
        }

        return _problems.HasErrors
            ? null
            : new PolicyDocument(version, hash, _problems.Source, taxonomy.Select(c => c.Category).ToList(), rules, sections) { Routing = routing, Review = review, Judges = ruleReader.Judges, Judging = judging };
    }

    private List<(FailureCategory Category, YamlNode Node)> ReadTaxonomy(YamlMappingNode map)
    {
        var result = new List<(FailureCategory, YamlNode)>();
        var node = YamlFields.Get(map, "taxonomy");
        if (node is null)
        {
            _problems.Error(map, "The policy is missing required key 'taxonomy' (the list of failure categories).");
            return result;
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            _problems.Error(node, "'taxonomy' must be a non-empty list of categories.");
            return result;
        }

        var seen = new Dictionary<string, YamlNode>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode entry)
            {
                _problems.Error(item, "A taxonomy entry must be a mapping with id, name, definition and severity.");
                continue;
            }

            YamlFields.WarnUnknownKeys(entry, s_categoryKeys, "a taxonomy category", _problems);
            var id = YamlFields.RequiredString(entry, "id", "Taxonomy category", _problems);
            var name = YamlFields.RequiredString(entry, "name", $"Category '{id}'", _problems);
            var definition = YamlFields.RequiredString(entry, "definition", $"Category '{id}'", _problems);
            var severity = YamlFields.OptionalChoice(entry, "severity", Severities, _problems, required: true, $"Category '{id}'");
            if (id is null)
            {
                continue;
            }

            var idNode = YamlFields.Get(entry, "id")!;
            if (seen.TryGetValue(id, out var first))
            {
                _problems.Error(idNode, $"Duplicate category id '{id}' (first defined at {YamlFields.Describe(first)}).");
                continue;
            }

            seen[id] = idNode;
            if (name is not null && definition is not null && severity is { } s)
            {
                result.Add((new FailureCategory(id, name, definition, s), idNode));
            }
            else
            {
                // Keep the id known so that rules pointing at it are not reported a second time.
                result.Add((new FailureCategory(id, name ?? id, definition ?? string.Empty, severity ?? Severity.Medium), idNode));
            }
        }

        return result;
    }
}
