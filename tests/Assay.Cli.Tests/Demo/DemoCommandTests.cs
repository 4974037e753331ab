using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Assay.Cli.Commands;
using Assay.Storage.Sqlite;

namespace Assay.Cli.Tests.Demo;

/// <summary><c>assay demo</c> run in-process on a port of its own: the commands it prints work as printed, and a second run on its file is refused.</summary>
public sealed partial class DemoCommandTests : IDisposable
{
    // A space in the folder makes the printed commands quote the path, as a shell needs.
    private readonly string _folder = Directory.CreateTempSubdirectory("assay demo ").FullName;

    private string Database => Path.Combine(_folder, "my demo.db");

    [Fact]
    public async Task Demo_prints_next_commands_that_name_its_database_and_work_as_printed()
    {
        var demo = await RunAsync("demo", "--exit", "--count", "200", "--urls", "http://127.0.0.1:0", "--db", Database);
        Assert.True(demo.Code == 0, demo.Error);

        var commands = demo.Output.Split('\n').Select(l => l.TrimEnd('\r'))
            .Select(l => l.StartsWith("  assay ", StringComparison.Ordinal) ? l.Trim().Split("     ")[0] : KeysList().Match(l) is { Success: true } m ? m.Groups[1].Value : null)
            .OfType<string>()
            .Select(Words)
            .ToList();

        Assert.Contains(commands, c => c[1] == "flags");
        Assert.Contains(commands, c => c[1] == "keys");
        Assert.Contains(commands, c => c[1] == "serve");
        foreach (var command in commands)
        {
            Assert.Equal(Database, command[command.IndexOf("--db") + 1]);
            if (command[1] == "serve")
                continue; // serving runs until Ctrl+C; that it names the file is what matters here.
            var run = await RunAsync([.. command.Skip(1)]);
            Assert.True(run.Code == 0, $"'{string.Join(' ', command)}' exited {run.Code}: {run.Error}");
        }
    }

    [Fact]
    public async Task Demo_a_second_time_on_its_database_is_one_line_and_exit_2_and_adds_nothing()
    {
        var first = await RunAsync("demo", "--exit", "--count", "150", "--urls", "http://127.0.0.1:0", "--db", Database);
        Assert.True(first.Code == 0, first.Error);
        // The history, and the fresh traffic the demo sends after it so that people have tasks of their own.
        var fresh = int.Parse(System.Text.RegularExpressions.Regex.Match(first.Output, @"(\d+) new interactions arrived since").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var second = await RunAsync("demo", "--exit", "--count", "150", "--urls", "http://127.0.0.1:0", "--db", Database);

        Assert.Equal(2, second.Code);
        var line = Assert.Single(second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("assay demo: database '", line, StringComparison.Ordinal);
        Assert.Contains("already exists", line, StringComparison.Ordinal);
        Assert.DoesNotContain("demo interactions ingested", second.Output, StringComparison.Ordinal);
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(Database), TimeProvider.System);
        Assert.Equal(150 + fresh, (await store.CountAsync(CancellationToken.None)).Interactions);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file; the OS temp cleaner gets it.
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand("test");
        foreach (var verb in CommandCatalog.All())
            root.Subcommands.Add(verb);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Splits a printed command into words as a POSIX shell does for what Assay prints: blanks, single quotes, backslashes.</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quoted)
            {
                if (c == '\'')
                    quoted = false;
                else
                    word.Append(c);
            }
            else if (c == '\'')
            {
                (quoted, inWord) = (true, true);
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                word.Append(command[++i]);
                inWord = true;
            }
            else if (c == ' ')
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"list them with: (assay .+)\)$")]
    private static partial Regex KeysList();
}
