using Assay.Ingest;
using Assay.Otlp;
using Assay.Server.Auth;
using Assay.Server.Ingest;
using Assay.Server.Operations;
using Assay.Storage;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Otlp;

/// <summary>The answer to one OTLP export, whatever the transport.</summary>
internal enum OtlpAnswer
{
    Stored,
    WrongProject,
    Overloaded,
    StoreFailed,
}

/// <summary>What became of an export: the answer, and the rejected spans or records with a message for OTLP's partial success.</summary>
internal sealed record OtlpOutcome(OtlpAnswer Answer, long Rejected, string Message);

/// <summary>Stores what an OTLP export maps to through the ingest queue, with native ingest's project scope and back-pressure.</summary>
/// <remarks>
/// An export is acknowledged only after its interactions are committed. Interactions are idempotent by id (trace id +
/// span id), so an export sent again stores nothing twice. Shared by OTLP/HTTP and OTLP/gRPC. Thread-safe.
/// </remarks>
internal sealed partial class OtlpReceiver(OtlpTranslator translator, IngestQueue queue, OtlpStatus status, AssayMetrics metrics, ILogger<OtlpReceiver> logger)
{
    /// <summary>How to turn message capture on in the common instrumentations; in the log and the status.</summary>
    public const string CaptureHint =
        "GenAI spans arrived without message content and were not stored; turn content capture on: "
        + "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true (OpenTelemetry Python and JS), "
        + "EnableSensitiveData = true on OpenTelemetryChatClient (.NET, Microsoft.Extensions.AI), "
        + "TRACELOOP_TRACE_CONTENT=true (OpenLLMetry), OPENINFERENCE_HIDE_INPUTS/OUTPUTS unset (OpenInference)";

    private int _warned;

    public OtlpTranslator Translator => translator;

    /// <summary>Counts what the join gave up since the last call, and warns once if spans never got content.</summary>
    public void Sweep()
    {
        var (spans, groups) = translator.Join.Sweep();
        NoContent(spans.Count);
        status.Count(unjoinedRecords: groups);
    }

    public async Task<OtlpOutcome> ReceiveAsync(OtlpBatch batch, Caller caller, CancellationToken cancellationToken)
    {
        Sweep();
        NoContent(batch.NoContent);
        status.Count(inferenceSpans: batch.Items.Count + batch.Rejected.Count + batch.NoContent, ignored: batch.Ignored);
        var problems = new List<string>(batch.Rejected);
        var request = ProjectScope.Apply(new IngestRequest(true, batch.Items.Select((p, i) => new IngestItem(i, null, p.Interaction.Id, p, [])).ToList(), null), caller);
        var wrongProject = request.Items.Where(i => !i.IsValid).ToList();
        problems.AddRange(wrongProject.Select(i => $"{i.Id}: project {i.Problems[0].Detail}"));
        var valid = request.Items.Where(i => i.IsValid).Select(i => i.Value!).ToList();
        if (valid.Count == 0 && wrongProject.Count > 0)
            return Done(OtlpAnswer.WrongProject, problems);
        if (valid.Count > 0)
        {
            if (!queue.TryEnqueue(valid, out var committed))
            {
                metrics.Refused("overloaded");
                return new OtlpOutcome(OtlpAnswer.Overloaded, 0, "too many interactions are waiting to be committed; nothing of this request was stored; retry after a second");
            }

            IReadOnlyList<AppendStatus> statuses;
            try
            {
                statuses = await committed.WaitAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                metrics.Refused("store-unavailable");
                return new OtlpOutcome(OtlpAnswer.StoreFailed, 0, "nothing of this request was stored: " + e.Message);
            }

            int stored = 0, duplicates = 0;
            for (var i = 0; i < statuses.Count; i++)
            {
                switch (statuses[i])
                {
                    case AppendStatus.Accepted: stored++; break;
                    case AppendStatus.Duplicate: duplicates++; break;
                    default: problems.Add($"{valid[i].Interaction.Id}: is already stored with different content"); break;
                }
            }

            status.Count(stored: stored, duplicates: duplicates);
            metrics.Ingested("accepted", stored);
            metrics.Ingested("duplicate", duplicates);
        }

        return Done(OtlpAnswer.Stored, problems);
    }

    private OtlpOutcome Done(OtlpAnswer answer, List<string> problems)
    {
        status.Count(rejected: problems.Count);
        metrics.Ingested("invalid", problems.Count);
        var message = problems.Count == 0 ? "" : $"{problems.Count} rejected: " + string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? "; …" : "");
        return new OtlpOutcome(answer, problems.Count, message);
    }

    private void NoContent(int count)
    {
        if (count == 0)
            return;
        status.Count(withoutContent: count);
        if (Interlocked.Exchange(ref _warned, 1) == 0)
            LogNoContent(logger, CaptureHint);
    }

    [LoggerMessage(40, LogLevel.Warning, "{Hint}")]
    private static partial void LogNoContent(ILogger logger, string hint);
}
