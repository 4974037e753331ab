using System.Text.RegularExpressions;
using Assay.Detection;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Reads a rule's <c>pattern</c> or <c>terms</c> and checks them as the detection engine will use them.</summary>
internal sealed class PatternChecker
{
    private readonly ProblemList _problems;
    private readonly string _owner;

    public PatternChecker(ProblemList problems, string owner)
    {
        _problems = problems;
        _owner = owner;
    }

    /// <summary>Returns the rule's patterns, or null after reporting why there are none usable.</summary>
    public IReadOnlyList<string>? Read(YamlMappingNode entry, RuleKind kind, bool caseSensitive)
    {
        var pattern = YamlFields.Get(entry, "pattern");
        var terms = YamlFields.Get(entry, "terms");
        if (kind == RuleKind.Lexicon)
        {
            if (pattern is not null)
            {
                _problems.Error(pattern, $"{_owner} is a lexicon: list its phrases under 'terms', not 'pattern'.");
            }

            return terms is null ? Missing(entry, "terms") : ReadTerms(terms, caseSensitive);
        }

        if (terms is not null)
        {
            _problems.Error(terms, $"{_owner} is a {kind.ToString().ToLowerInvariant()}: it takes one 'pattern', not 'terms'.");
        }

        if (pattern is null)
        {
            return Missing(entry, "pattern");
        }

        var text = YamlFields.OptionalString(entry, "pattern", _problems);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            _problems.Error(pattern, $"{_owner} has an empty pattern.");
            return null;
        }

        return kind == RuleKind.Regex && !CheckRegex(pattern, text, caseSensitive) ? null : [text];
    }

    private List<string>? Missing(YamlMappingNode entry, string key)
    {
        _problems.Error(entry, $"{_owner} is missing required key '{key}'.");
        return null;
    }

    private List<string>? ReadTerms(YamlNode node, bool caseSensitive)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            _problems.Error(node, $"{_owner} has an empty lexicon: 'terms' must be a non-empty list of phrases.");
            return null;
        }

        var result = new List<string>();
        var seen = new HashSet<string>(caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var ok = true;
        foreach (var item in list.Children)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } term })
            {
                _problems.Error(item, $"{_owner}: every term must be a non-empty phrase.");
                ok = false;
                continue;
            }

            if (!seen.Add(term))
            {
                _problems.Warning(item, $"{_owner}: term '{term}' is listed twice.");
                continue;
            }

            result.Add(term);
        }

        return ok ? result : null;
    }

    private bool CheckRegex(YamlNode node, string pattern, bool caseSensitive)
    {
        Regex regex;
        try
        {
            regex = CompiledRegex.Create(pattern, caseSensitive);
        }
        catch (NotSupportedException e)
        {
            _problems.Error(node, $"{_owner}: regex is not supported by the non-backtracking engine ({e.Message}).");
            return false;
        }
        catch (RegexParseException e)
        {
            _problems.Error(node, $"{_owner}: invalid regex at offset {e.Offset}: {e.Message}");
            return false;
        }
        catch (ArgumentException e)
        {
            _problems.Error(node, $"{_owner}: invalid regex: {e.Message}");
            return false;
        }

        if (RegexAnalysis.FindNestedQuantifier(pattern) is { } offset)
        {
            _problems.Error(
                node,
                $"{_owner}: regex has a quantifier nested in an unbounded quantifier at offset {offset} (as in (a+)+), which is "
                + "catastrophic in backtracking engines; Assay's engine would survive it, but rewrite it without nesting so the policy stays portable.");
            return false;
        }

        if (regex.IsMatch(string.Empty))
        {
            _problems.Warning(node, $"{_owner}: regex can match the empty string; empty matches are ignored.");
        }

        return true;
    }
}
