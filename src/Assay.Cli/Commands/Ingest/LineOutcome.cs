namespace Assay.Cli.Commands.Ingest;

/// <summary>What happened to one line of an ingested file.</summary>
/// <param name="Status">accepted, duplicate, rejected or conflict.</param>
/// <param name="Reason">Why a line was rejected or in conflict; null otherwise.</param>
internal sealed record LineOutcome(int Line, string Status, string? Reason);
