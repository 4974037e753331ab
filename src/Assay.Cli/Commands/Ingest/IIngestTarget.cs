namespace Assay.Cli.Commands.Ingest;

/// <summary>Where <c>assay ingest</c> sends interactions: a running server, or a database file directly.</summary>
internal interface IIngestTarget : IAsyncDisposable
{
    /// <summary>Sends one NDJSON chunk; <paramref name="lines"/> maps each non-blank chunk line to its line in the file.</summary>
    Task<IReadOnlyList<LineOutcome>> SendAsync(ReadOnlyMemory<byte> ndjson, IReadOnlyList<int> lines, CancellationToken cancellationToken);
}
