using Assay.Ingest;
using Assay.Storage;

namespace Assay.Cli.Commands.Ingest;

/// <summary>Appends straight into a database (a SQLite file or PostgreSQL), through the same reader and store the server uses.</summary>
internal sealed class DatabaseIngestTarget(CliStores stores) : IIngestTarget
{
    private readonly IngestBodyReader _reader = new(new InteractionParser(IngestLimits.Default));

    public async Task<IReadOnlyList<LineOutcome>> SendAsync(ReadOnlyMemory<byte> ndjson, IReadOnlyList<int> lines, CancellationToken cancellationToken)
    {
        var request = _reader.Read(ndjson, BodyFormat.Ndjson);
        if (request.BodyProblem is { } problem)
            return lines.Select(l => new LineOutcome(l, "rejected", problem.Detail)).ToList();
        var valid = request.Items.Where(i => i.IsValid).Select(i => i.Value!).ToList();
        var statuses = await stores.Interactions.AppendAsync(valid, cancellationToken);
        var outcomes = new List<LineOutcome>(request.Items.Count);
        var next = 0;
        foreach (var item in request.Items)
        {
            var line = lines[item.Index];
            if (!item.IsValid)
            {
                outcomes.Add(new LineOutcome(line, "rejected", string.Join("; ", item.Problems.Select(p => $"{p.Pointer} {p.Detail}".Trim()))));
                continue;
            }

            outcomes.Add(statuses[next++] switch
            {
                AppendStatus.Accepted => new LineOutcome(line, "accepted", null),
                AppendStatus.Duplicate => new LineOutcome(line, "duplicate", null),
                _ => new LineOutcome(line, "conflict", $"id '{item.Id}' is already stored with different content"),
            });
        }

        return outcomes;
    }

    public ValueTask DisposeAsync() => stores.DisposeAsync();
}
