using Assay.Detection;
using Assay.Domain;
using Assay.Judging;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Reads and checks a policy's rules: references, options and patterns, reporting every problem.</summary>
internal sealed class RuleReader
{
    private static readonly HashSet<string> s_ruleKeys =
        ["id", "category", "kind", "field", "case_sensitive", "whole_word", "pattern", "terms", "severity", "description", "validator"];

    private static readonly HashSet<string> s_judgeKeys = ["id", "category", "kind", "share", "prompt", "only_risk", "severity", "description"];

    private static readonly Dictionary<string, RuleKind> s_kinds = new()
    {
        ["literal"] = RuleKind.Literal,
        ["lexicon"] = RuleKind.Lexicon,
        ["regex"] = RuleKind.Regex,
    };

    private static readonly Dictionary<string, RuleField> s_fields = new()
    {
        ["input"] = RuleField.Input,
        ["response"] = RuleField.Response,
        ["reasoning"] = RuleField.Reasoning,
        ["any"] = RuleField.Any,
    };

    private static readonly Dictionary<string, RuleValidator> s_validators = new()
    {
        ["luhn"] = RuleValidator.Luhn,
        ["iban"] = RuleValidator.Iban,
        ["us-ssn"] = RuleValidator.UsSsn,
        ["phone"] = RuleValidator.Phone,
    };

    private readonly ProblemList _problems;
    private readonly HashSet<string> _categories;

    public RuleReader(ProblemList problems, IEnumerable<(FailureCategory Category, YamlNode Node)> taxonomy)
    {
        _problems = problems;
        _categories = [.. taxonomy.Select(c => c.Category.Id)];
    }

    /// <summary>The <c>kind: judge</c> rules met by <see cref="ReadRules"/>, in file order.</summary>
    public List<JudgeRule> Judges { get; } = [];

    public List<Rule> ReadRules(YamlMappingNode map)
    {
        var rules = new List<Rule>();
        var node = YamlFields.Get(map, "rules");
        if (node is null)
        {
            _problems.Error(map, "The policy is missing required key 'rules'.");
            return rules;
        }

        if (node is not YamlSequenceNode list)
        {
            _problems.Error(node, "'rules' must be a list of rules.");
            return rules;
        }

        if (list.Children.Count == 0)
        {
            _problems.Warning(node, "The policy has no rules, so the rule detector will raise no flags.");
        }

        var seen = new Dictionary<string, YamlNode>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode entry)
            {
                _problems.Error(item, "A rule must be a mapping with id, category, kind and pattern or terms (or, for kind: judge, share and prompt).");
                continue;
            }

            var isJudge = YamlFields.Get(entry, "kind") is YamlScalarNode { Value: "judge" };
            var rule = isJudge ? null : ReadRule(entry);
            var judge = isJudge ? ReadJudge(entry) : null;
            if (YamlFields.Get(entry, "id") is YamlScalarNode { Value: { Length: > 0 } id } idNode && !seen.TryAdd(id, idNode))
            {
                _problems.Error(idNode, $"Duplicate rule id '{id}' (first defined at {YamlFields.Describe(seen[id])}).");
                continue;
            }

            if (rule is not null)
            {
                rules.Add(rule);
            }

            if (judge is not null)
            {
                Judges.Add(judge);
            }
        }

        return rules;
    }

    private JudgeRule? ReadJudge(YamlMappingNode entry)
    {
        YamlFields.WarnUnknownKeys(entry, s_judgeKeys, "a judge rule", _problems);
        var id = YamlFields.RequiredString(entry, "id", "Rule", _problems);
        var owner = $"Judge rule '{id}'";
        var category = ReadCategory(entry, owner);
        var share = YamlFields.OptionalNumber(entry, "share", 0, 1, _problems);
        if (YamlFields.Get(entry, "share") is null)
            _problems.Error(entry, $"{owner} is missing required key 'share' (the share of interactions to judge, 0 to 1).");
        var prompt = YamlFields.RequiredString(entry, "prompt", owner, _problems);
        if (prompt is not null)
        {
            var node = YamlFields.Get(entry, "prompt")!;
            foreach (var unknown in JudgePrompt.UnknownPlaceholders(prompt))
                _problems.Error(node, $"{owner}: unknown placeholder '{{{{{unknown}}}}}'; use {string.Join(", ", JudgePrompt.Placeholders.Select(p => "{{" + p + "}}"))}.");
            if (!JudgePrompt.ShowsTheAnswer(prompt))
                _problems.Error(node, $"{owner}: the prompt shows the judge none of {{{{response}}}}, {{{{reasoning}}}} or {{{{samples}}}}, so it has nothing to judge.");
        }

        var onlyRisk = YamlFields.OptionalStrings(entry, "only_risk", _problems, "risk labels, e.g. [high]") ?? [];
        var severity = YamlFields.OptionalChoice(entry, "severity", PolicyReader.Severities, _problems);
        var description = YamlFields.OptionalString(entry, "description", _problems);
        if (description is null && id is not null)
            _problems.Warning(entry, $"{owner} has no description; its flags will not say what the judge looks for.");
        return id is null || category is null || share is null || prompt is null
            ? null
            : new JudgeRule(id, category, share.Value, prompt, onlyRisk, severity, description ?? string.Empty);
    }

    private string? ReadCategory(YamlMappingNode entry, string owner)
    {
        var category = YamlFields.RequiredString(entry, "category", owner, _problems);
        if (category is not null && !_categories.Contains(category))
        {
            _problems.Error(
                YamlFields.Get(entry, "category")!,
                $"{owner} refers to unknown category '{category}'; the taxonomy defines: {string.Join(", ", _categories)}.");
            return null;
        }

        return category;
    }

    private Rule? ReadRule(YamlMappingNode entry)
    {
        YamlFields.WarnUnknownKeys(entry, s_ruleKeys, "a rule", _problems);
        var id = YamlFields.RequiredString(entry, "id", "Rule", _problems);
        var owner = $"Rule '{id}'";
        var category = ReadCategory(entry, owner);
        var kind = YamlFields.OptionalChoice(entry, "kind", s_kinds, _problems, required: true, owner);
        var field = YamlFields.OptionalChoice(entry, "field", s_fields, _problems) ?? RuleField.Any;
        var caseSensitive = YamlFields.OptionalBool(entry, "case_sensitive", _problems) ?? false;
        var wholeWord = YamlFields.OptionalBool(entry, "whole_word", _problems);
        var severity = YamlFields.OptionalChoice(entry, "severity", PolicyReader.Severities, _problems);
        var validator = YamlFields.OptionalChoice(entry, "validator", s_validators, _problems) ?? RuleValidator.None;
        var description = YamlFields.OptionalString(entry, "description", _problems);
        if (description is null && id is not null)
        {
            _problems.Warning(entry, $"{owner} has no description; its flags will not say what the rule is for.");
        }

        if (wholeWord is not null && kind == RuleKind.Regex)
        {
            _problems.Warning(YamlFields.Get(entry, "whole_word")!, $"{owner}: whole_word has no effect on regex rules; use \\b in the pattern.");
        }

        var patterns = kind is { } k ? new PatternChecker(_problems, owner).Read(entry, k, caseSensitive) : null;
        return id is null || category is null || kind is null || patterns is null
            ? null
            : new Rule(id, category, kind.Value, field, caseSensitive, wholeWord ?? true, patterns, severity, description ?? string.Empty, validator);
    }
}
