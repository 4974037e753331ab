using System.CommandLine;

namespace Assay.Cli.Commands;

/// <summary>The list of <c>assay</c> verbs; each verb lives in its own file of this folder.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ServeCommand.Create(),
        DemoCommand.Create(),
        Ingest.IngestCommand.Create(),
        FlagsCommand.Create(),
        Replay.ReplayCommand.Create(),
        KeysCommand.Create(),
        AuditCommand.Create(),
        CopyCommand.Create(),
        PruneCommand.Create(),
        PolicyCommand.Create(),
        ReportCommand.Create(),
        Statistics.AgreementCommand.Create(),
        Statistics.DriftCommand.Create(),
        Statistics.IntervalCommand.Create(),
    ];
}
