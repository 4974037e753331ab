using System.CommandLine;
using Assay.Cli;
using Assay.Cli.Commands;

ConsoleWidth.Configure();

var root = new RootCommand("Assay: monitor and audit what language models say in production.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
// Bad command lines exit 2 like every other bad input, so that 1 can keep its per-verb meaning
// (e.g. "problems found" for policy check, "different" for replay).
if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parsed.Errors)
        Console.Error.WriteLine($"assay: {error.Message}");
    Console.Error.WriteLine("Run 'assay --help' (or 'assay <verb> --help') for usage.");
    return 2;
}

return await parsed.InvokeAsync();
