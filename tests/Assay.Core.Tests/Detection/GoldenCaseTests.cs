using System.Runtime.CompilerServices;
using System.Text.Json;
using Assay.Domain;
using Assay.Policy;
using static Assay.Core.Tests.Detection.RuleFixtures;

namespace Assay.Core.Tests.Detection;

/// <summary>Runs the detector golden cases in <c>cases.jsonl</c>: rules and a response text, and the spans expected.</summary>
/// <remarks>Each line holds <c>name</c>, <c>rules</c> (a YAML list of rules over category <c>c</c>), <c>text</c> and <c>expected</c>.</remarks>
public sealed class GoldenCaseTests
{
    private const string Taxonomy = "taxonomy:\n  - {id: c, name: C, definition: A test category., severity: medium}\nrules:\n";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(CasesPath()).Where(l => l.Length > 0))
        {
            data.Add(JsonDocument.Parse(line).RootElement.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detect_golden_case_produces_expected_spans(string name)
    {
        var root = File.ReadLines(CasesPath())
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(c => c.GetProperty("name").GetString() == name);
        var rules = string.Join('\n', root.GetProperty("rules").GetString()!.Split('\n').Select(l => "  " + l));
        var loaded = PolicyLoader.Parse(Taxonomy + rules + "\n", name);
        Assert.True(loaded.Policy is not null, string.Join("\n", loaded.Problems));
        var expected = root.GetProperty("expected").EnumerateArray()
            .Select(e => (e.GetProperty("rule").GetString()!, e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32(), e.GetProperty("text").GetString()!))
            .ToList();

        var flags = Detect(loaded.Policy, Interaction(root.GetProperty("text").GetString()!));

        Assert.Equal(expected, flags.SelectMany(f => f.Evidence.Select(e => (f.Rule, e.Start, e.End, e.Text))).Order().ToList());
        Assert.All(flags.SelectMany(f => f.Evidence), e => Assert.Equal(TextField.Response, e.Field));
    }

    private static string CasesPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "cases.jsonl");
}
