using System.CommandLine;
using Assay.Cli.Commands;

var root = new RootCommand("Assay: monitor and audit what language models say in production.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
