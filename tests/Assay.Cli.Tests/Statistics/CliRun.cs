using System.CommandLine;

namespace Assay.Cli.Tests.Statistics;

/// <summary>Runs one verb in-process with captured output and error writers.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, string output, string error)
    {
        ExitCode = exitCode;
        Output = output;
        Error = error;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public static async Task<CliRun> InvokeAsync(Command verb, params string[] args)
    {
        var root = new RootCommand("test") { verb };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await root.Parse([verb.Name, .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
