using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Assay.Policy;
using Assay.Server.Policies;

namespace Assay.Cli.Commands;

/// <summary><c>assay policy</c>: checks policy files, prints the shipped starter policy, evaluates a policy offline and activates one on a server.</summary>
/// <remarks>
/// <c>check</c> prints problems compiler-style (<c>FILE:LINE:COL: error: message</c>) and exits 0 when the policy
/// has no errors (warnings allowed), 1 when it has errors, 2 when the file cannot be read.
/// </remarks>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Policy YAML file to check" };
        var format = new Option<string>("--format") { Description = "text (compiler style) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var check = new Command("check", "Check a policy file and report every problem with its line and column") { file, format };
        check.SetAction(parse => Check(parse.GetValue(file)!, parse.GetValue(format) == "json"));

        var starter = new Command("starter", "Print the shipped starter policy, to copy and adapt");
        starter.SetAction(_ =>
        {
            Console.Write(StarterPolicy.Yaml());
            return 0;
        });

        return new Command("policy", "Work with policy files (taxonomy and detection rules)") { check, starter, PolicyEvaluateCommand.Create(), PolicyActivateCommand.Create() };
    }

    private static int Check(FileInfo file, bool json)
    {
        PolicyLoadResult result;
        try
        {
            result = PolicyLoader.LoadFile(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{file}: error: cannot read the policy file: {e.Message}");
            return 2;
        }

        // The sections other modules read are checked too (the server checks an upload the same way), so one command finds
        // every problem before a deploy. Problems name the file as the user typed it, so editors can jump to it.
        var checkedPolicy = PolicyCheck.Run(result);
        var problems = checkedPolicy.Problems.Select(p => p with { Source = file.ToString() }).ToList();
        var errors = problems.Count(p => p.Severity == ProblemSeverity.Error);
        if (json)
        {
            WriteJson(file.ToString(), result.Policy, checkedPolicy.Monitors, problems);
        }
        else
        {
            problems.ForEach(Console.WriteLine);
            Console.WriteLine(Summary(file.ToString(), result.Policy, checkedPolicy.Monitors, errors, problems.Count - errors));
        }

        return errors == 0 ? 0 : 1;
    }

    private static string Summary(string file, PolicyDocument? policy, int monitors, int errors, int warnings)
    {
        var counts = string.Create(CultureInfo.InvariantCulture, $"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
        return policy is null
            ? $"{file}: {counts}"
            : string.Create(CultureInfo.InvariantCulture, $"{file}: {counts}; policy {policy.ShortHash} ({policy.Taxonomy.Count} categories, {policy.Rules.Count} rules, {monitors} monitors)");
    }

    private static void WriteJson(string file, PolicyDocument? policy, int monitors, List<PolicyProblem> problems)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteString("file", file);
        writer.WriteNumber("errors", problems.Count(p => p.Severity == ProblemSeverity.Error));
        writer.WriteNumber("warnings", problems.Count(p => p.Severity == ProblemSeverity.Warning));
        if (policy is null)
        {
            writer.WriteNull("policy");
        }
        else
        {
            writer.WriteStartObject("policy");
            writer.WriteString("hash", policy.Hash);
            writer.WriteString("version", policy.Version);
            writer.WriteNumber("categories", policy.Taxonomy.Count);
            writer.WriteNumber("rules", policy.Rules.Count);
            writer.WriteNumber("monitors", monitors);
            writer.WriteEndObject();
        }

        writer.WriteStartArray("problems");
        foreach (var p in problems)
        {
            writer.WriteStartObject();
            writer.WriteNumber("line", p.Line);
            writer.WriteNumber("column", p.Column);
            writer.WriteString("severity", p.Severity == ProblemSeverity.Error ? "error" : "warning");
            writer.WriteString("message", p.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        stdout.WriteByte((byte)'\n');
    }
}
