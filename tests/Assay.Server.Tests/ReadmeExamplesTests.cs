using System.Text.RegularExpressions;

namespace Assay.Server.Tests;

/// <summary>The README's examples, run as written against a running <c>assay demo</c>.</summary>
/// <remarks>
/// The blocks after <c>&lt;!-- runs against assay demo --&gt;</c> are run command by command with bash, in the demo's
/// folder. Only three things are substituted: the port, the keys (from the <c>export</c> line the demo printed) and the
/// path of <c>assay.dll</c> in the <c>alias</c> line (an alias does not expand in a script, so it becomes a function).
/// A command's <c># →</c> lines are what its output must contain.
/// </remarks>
[Collection(ChildProcesses.Name)]
public sealed partial class ReadmeExamplesTests
{
    private const string Marker = "<!-- runs against assay demo -->";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Readme_examples_run_against_the_demo_and_print_what_the_readme_says()
    {
        var examples = Examples(await File.ReadAllTextAsync(ReadmePath()));
        Assert.Contains(examples, e => e.Command.StartsWith("curl", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.Command.StartsWith("assay ", StringComparison.Ordinal));
        using var folder = new TempDatabase();
        var directory = Path.GetDirectoryName(folder.Path)!;
        var port = AssayProcess.FreePort();
        using var demo = AssayProcess.StartIn(directory, "demo", "--count", "600", "--urls", $"http://127.0.0.1:{port}");
        var export = await PrintedExportAsync(demo);
        var environment = Keys().Matches(export).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(3, environment.Count);

        foreach (var (command, expected) in examples)
        {
            if (command.StartsWith("export ", StringComparison.Ordinal))
            {
                // The README's export names the same variables the demo printed.
                Assert.All(environment.Keys, name => Assert.Contains(name + "=", command, StringComparison.Ordinal));
                continue;
            }

            if (command.StartsWith("alias assay=", StringComparison.Ordinal))
                continue;
            var script = $"assay() {{ '{AssayProcess.DotnetHost()}' '{AssayProcess.AssemblyPath}' \"$@\"; }}\n"
                + command.Replace("127.0.0.1:5080", $"127.0.0.1:{port}", StringComparison.Ordinal);
            await RunUntilAsync(script, directory, environment, expected);
        }

        Assert.False(demo.HasExited, demo.Output);
        // 600 over 26 hours: the trickle goes on at the history's pace, not at 2 a second.
        Assert.Contains("at the history's rate (one every 156 s, about 23 an hour)", demo.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs a command until its output holds every expected text: flags follow an ingest within moments, not at once.</summary>
    private static async Task RunUntilAsync(string script, string directory, Dictionary<string, string> environment, IReadOnlyList<string> expected)
    {
        var output = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var shell = AssayProcess.Bash(script, directory, environment);
            var exit = await shell.WaitForExitAsync(s_timeout);
            output = shell.Output;
            if (exit == 0 && expected.All(e => output.Contains(e, StringComparison.Ordinal)))
                return;
            await Task.Delay(500);
        }

        Assert.Fail($"README command did not print {string.Join(" and ", expected)}:\n{script}\n--- output ---\n{output}");
    }

    private static async Task<string> PrintedExportAsync(AssayProcess demo)
    {
        // Bounded: 600 interactions are ingested and processed in seconds; the summary waits up to 12 s for alerts.
        for (var i = 0; i < 180; i++)
        {
            var line = demo.Output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("export ASSAY_", StringComparison.Ordinal));
            if (line is not null)
                return line;
            Assert.False(demo.HasExited, demo.Output);
            await Task.Delay(500);
        }

        Assert.Fail($"the demo printed no export line in 90 s:\n{demo.Output}");
        return "";
    }

    /// <summary>The commands of the marked blocks, continuation lines (indented) joined, each with its <c># →</c> lines.</summary>
    private static List<(string Command, IReadOnlyList<string> Expected)> Examples(string readme)
    {
        var examples = new List<(string Command, List<string> Expected)>();
        foreach (var block in Blocks(readme))
        {
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("# → ", StringComparison.Ordinal))
                    examples[^1].Expected.Add(line["# → ".Length..].Trim());
                else if (line.StartsWith('#') || line.Trim().Length == 0)
                    continue;
                else if (char.IsWhiteSpace(line[0]))
                    examples[^1] = (examples[^1].Command + "\n" + line, examples[^1].Expected);
                else
                    examples.Add((line, []));
            }
        }

        Assert.NotEmpty(examples);
        return [.. examples.Select(e => (e.Command, (IReadOnlyList<string>)e.Expected))];
    }

    private static IEnumerable<string> Blocks(string readme)
    {
        for (var at = readme.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = readme.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            var start = readme.IndexOf("```bash\n", at, StringComparison.Ordinal) + "```bash\n".Length;
            yield return readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];
        }
    }

    private static string ReadmePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(folder.FullName, "Assay.slnx")))
                return candidate;
        }

        throw new FileNotFoundException("README.md above the test assembly");
    }

    [GeneratedRegex(@"(ASSAY_[A-Z]+_KEY)=(\S+)")]
    private static partial Regex Keys();
}
