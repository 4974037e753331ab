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

    /// <summary>The database <c>assay demo</c> writes by default.</summary>
    public const string DemoDatabase = "assay-demo.db";

    /// <summary>Fails for a missing database file, naming the demo's database when that one is here instead.</summary>
    /// <remarks>
    /// The demo keeps its own file so that synthetic traffic never lands in a real <c>assay.db</c>; the price is that a
    /// verb run after the demo without <c>--db</c> looks in the wrong file, so the error says which file to name.
    /// </remarks>
    public static int MissingDatabase(string verb, string path) =>
        Fail(verb, Path.GetFileName(path) == "assay.db" && File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, DemoDatabase))
            ? $"database '{path}' does not exist; the demo's is {DemoDatabase}: assay {verb} --db {DemoDatabase}"
            : $"database '{path}' does not exist");

    /// <summary>Prints one line to standard error and returns the exit code for bad input.</summary>
    public static int Fail(string verb, string message)
    {
        Console.Error.WriteLine($"assay {verb}: {message}");
        return 2;
    }
}
