using System.CommandLine;

namespace Assay.Cli.Commands;

/// <summary>Options shared by several verbs, declared once so that they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Database() => new("--db")
    {
        Description = "SQLite database file",
        DefaultValueFactory = _ => "assay.db",
    };

    public static Option<FileInfo?> Policy() => new("--policy")
    {
        Description = "Policy YAML file (default: the shipped starter policy)",
    };

    public static Option<Uri?> Server() => new("--server")
    {
        Description = "Base address of a running Assay server, e.g. http://127.0.0.1:5080",
        // System.CommandLine has no built-in Uri parser.
        CustomParser = result =>
        {
            if (Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri))
                return uri;
            result.AddError($"'{result.Tokens[0].Value}' is not an absolute URL, e.g. http://127.0.0.1:5080");
            return null;
        },
    };

    /// <summary>Prints one line to standard error and returns the exit code for bad input.</summary>
    public static int Fail(string verb, string message)
    {
        Console.Error.WriteLine($"assay {verb}: {message}");
        return 2;
    }
}
