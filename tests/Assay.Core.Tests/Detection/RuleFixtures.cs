using Assay.Detection;
using Assay.Domain;
using Assay.Policy;
using YamlDotNet.RepresentationModel;

namespace Assay.Core.Tests.Detection;

/// <summary>Small builders of rules, policies and interactions for detection tests.</summary>
internal static class RuleFixtures
{
    public static Rule Literal(string pattern, string id = "r", bool caseSensitive = false, bool wholeWord = true, RuleField field = RuleField.Any) =>
        new(id, "cat", RuleKind.Literal, field, caseSensitive, wholeWord, [pattern], null, "test rule");

    public static Rule Lexicon(string id, params string[] terms) =>
        new(id, "cat", RuleKind.Lexicon, RuleField.Any, false, true, terms, null, "test lexicon");

    public static Rule Regex(string pattern, string id = "x", bool caseSensitive = false, RuleValidator validator = RuleValidator.None, RuleField field = RuleField.Any) =>
        new(id, "cat", RuleKind.Regex, field, caseSensitive, false, [pattern], null, "test regex", validator);

    public static PolicyDocument PolicyOf(params Rule[] rules) => new(
        "test",
        new string('a', 64),
        "test.yaml",
        [new FailureCategory("cat", "Category", "A test category.", Severity.Medium)],
        rules,
        new Dictionary<string, YamlNode>());

    public static Interaction Interaction(string response, string? reasoning = null, params string[] input) => new(
        "id-1",
        null,
        "model",
        null,
        [.. input.Select(text => new Message(MessageRole.User, text))],
        response,
        reasoning,
        [],
        InteractionMetadata.Empty,
        null,
        null);

    public static List<Flag> Detect(PolicyDocument policy, Interaction interaction)
    {
        var flags = new List<Flag>();
        RuleDetector.Create(policy).Detect(interaction, flags);
        return flags;
    }

    /// <summary>The (start, end, text) of every evidence span of every flag, for compact assertions.</summary>
    public static List<(int Start, int End, string Text)> Spans(IEnumerable<Flag> flags) =>
        [.. flags.SelectMany(f => f.Evidence).Select(e => (e.Start, e.End, e.Text))];

    public static List<(int Start, int End, string Text)> SpansOf(Rule rule, string response) =>
        Spans(Detect(PolicyOf(rule), Interaction(response)));
}
