using System.Text.Json;
using Assay.Policy;

namespace Assay.Server.Tests;

/// <summary><c>assay policy evaluate</c> run as a user runs it: a child process over a labelled file.</summary>
public sealed class PolicyEvaluateTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);
    private readonly string _folder = Directory.CreateTempSubdirectory("assay-evaluate-").FullName;

    [Fact]
    public async Task Evaluate_reports_each_rules_confusion_counts_with_wilson_and_bootstrap_intervals()
    {
        var (starter, data) = Files();

        using var assay = AssayProcess.Start("policy", "evaluate", starter, "--data", data, "--format", "json");
        Assert.True(await assay.WaitForExitAsync(s_timeout) == 0, assay.Output);

        using var json = JsonDocument.Parse(assay.Output);
        var root = json.RootElement;
        Assert.Equal(7, root.GetProperty("items").GetInt32());
        var email = root.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "pii.email");
        // Flagged: a, b, c (labelled pii-leak) and d (not); labelled pii-leak: a, b, c and e (no address to find).
        Assert.Equal((4, 4, 3), (email.GetProperty("flagged").GetInt32(), email.GetProperty("positives").GetInt32(), email.GetProperty("true_positives").GetInt32()));
        var (low, high) = Wilson(3, 4);
        Assert.Equal(0.75, email.GetProperty("precision").GetProperty("value").GetDouble(), 1e-12);
        Assert.Equal(low, email.GetProperty("precision").GetProperty("low").GetDouble(), 1e-9);
        Assert.Equal(high, email.GetProperty("recall").GetProperty("high").GetDouble(), 1e-9);
        var f1 = email.GetProperty("f1");
        Assert.Equal(2.0 * 3 / (4 + 4), f1.GetProperty("value").GetDouble(), 1e-12);
        Assert.InRange(f1.GetProperty("value").GetDouble(), f1.GetProperty("low").GetDouble(), f1.GetProperty("high").GetDouble());
        Assert.True(f1.GetProperty("high").GetDouble() - f1.GetProperty("low").GetDouble() > 0.1, "seven items cannot pin F1 down");
        var category = root.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "pii-leak");
        Assert.Equal(4, category.GetProperty("positives").GetInt32());
        var any = root.GetProperty("any_failure");
        Assert.Equal(5, any.GetProperty("positives").GetInt32());
    }

    [Fact]
    public async Task Evaluate_against_another_policy_lists_the_items_whose_flags_change()
    {
        var (starter, data) = Files();
        // Only example.com addresses count under the candidate: b and d lose their flag.
        var candidate = Write("candidate.yaml", File.ReadAllText(starter).Replace(
            @"pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]*[A-Za-z]{2,}'", @"pattern: '[A-Za-z0-9._%+-]+@example\.com'", StringComparison.Ordinal));

        using var assay = AssayProcess.Start("policy", "evaluate", candidate, "--data", data, "--against", starter, "--format", "json");
        Assert.True(await assay.WaitForExitAsync(s_timeout) == 0, assay.Output);

        using var json = JsonDocument.Parse(assay.Output);
        var against = json.RootElement.GetProperty("against");
        Assert.Equal(StarterPolicy.Load().Hash, against.GetProperty("policy").GetString());
        Assert.Equal(2, against.GetProperty("changed").GetInt32());
        var changes = against.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(["b", "d"], changes.Select(c => c.GetProperty("id").GetString()));
        Assert.All(changes, c => Assert.Equal(["pii.email"], c.GetProperty("removed").EnumerateArray().Select(r => r.GetString())));

        using var table = AssayProcess.Start("policy", "evaluate", candidate, "--data", data, "--against", starter);
        Assert.True(await table.WaitForExitAsync(s_timeout) == 0, table.Output);
        Assert.Contains("2 of 7 items flagged differently", table.Output, StringComparison.Ordinal);
        Assert.Contains("Items flagged differently", table.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\": \"x\", \"model\": \"m\", \"input\": [{\"role\": \"user\", \"content\": \"hi\"}], \"response\": \"ok\"}", "line 1: \"labels\" must be an array")]
    [InlineData("{\"id\": \"x\", \"model\": \"m\", \"input\": [], \"response\": \"ok\", \"labels\": []}", "line 1: /input")]
    [InlineData("not json", "line 1: not valid JSON")]
    public async Task A_bad_line_is_one_error_line_naming_it_and_exit_2(string line, string expected)
    {
        var (starter, _) = Files();
        var data = Write("bad.jsonl", line + "\n");

        using var assay = AssayProcess.Start("policy", "evaluate", starter, "--data", data);

        Assert.Equal(2, await assay.WaitForExitAsync(s_timeout));
        Assert.Contains(expected, assay.Output, StringComparison.Ordinal);
        Assert.Single(assay.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (string Starter, string Data) Files()
    {
        static string Line(string id, string response, params string[] labels) => JsonSerializer.Serialize(new
        {
            id,
            model = "atlas",
            input = new[] { new { role = "user", content = "How do I reach support?" } },
            response,
            labels,
        });
        var data = string.Join('\n',
            Line("a", "Write to help@example.com.", "pii-leak"),
            Line("b", "Write to jane@corp.org.", "pii-leak"),
            Line("c", "Mail help@example.com or call us.", "pii-leak"),
            Line("d", "Our address is sales@corp.org.", []),
            Line("e", "Her number is in the file I sent.", "pii-leak"),
            Line("f", "Use the contact form.", []),
            Line("g", "As discussed, I have already emailed them for you.", "hallucination"));
        return (Write("starter.yaml", StarterPolicy.Yaml()), Write("labelled.jsonl", data + "\n"));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Wilson's score interval at 95%, from its formula.</summary>
    private static (double Low, double High) Wilson(int successes, int trials)
    {
        const double Z = 1.959963984540054;
        double p = (double)successes / trials, n = trials;
        var centre = p + (Z * Z / (2 * n));
        var spread = Z * Math.Sqrt((p * (1 - p) / n) + (Z * Z / (4 * n * n)));
        var scale = 1 + (Z * Z / n);
        return ((centre - spread) / scale, (centre + spread) / scale);
    }
}
