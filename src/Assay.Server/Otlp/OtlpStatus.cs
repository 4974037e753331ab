using System.Text.Json.Serialization;

namespace Assay.Server.Otlp;

/// <summary>What OTLP ingest has received since start: the counts behind <c>GET /v1/otlp/status</c>.</summary>
/// <remarks>Thread-safe counters; they start at zero on each start and are per node.</remarks>
internal sealed class OtlpStatus
{
    private long _inferenceSpans;
    private long _stored;
    private long _duplicates;
    private long _rejected;
    private long _withoutContent;
    private long _unjoinedRecords;
    private long _ignored;
    private long _verdictsSent;
    private long _verdictsFailed;
    private long _verdictsDropped;

    public long WithoutContent => Interlocked.Read(ref _withoutContent);

    public void Count(long inferenceSpans = 0, long stored = 0, long duplicates = 0, long rejected = 0, long withoutContent = 0, long unjoinedRecords = 0, long ignored = 0)
    {
        Interlocked.Add(ref _inferenceSpans, inferenceSpans);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Add(ref _withoutContent, withoutContent);
        Interlocked.Add(ref _unjoinedRecords, unjoinedRecords);
        Interlocked.Add(ref _ignored, ignored);
    }

    /// <summary>Counts flags exported as <c>gen_ai.evaluation.result</c> records: sent, failed after retries, dropped from a full queue.</summary>
    public void CountVerdicts(long sent = 0, long failed = 0, long dropped = 0)
    {
        Interlocked.Add(ref _verdictsSent, sent);
        Interlocked.Add(ref _verdictsFailed, failed);
        Interlocked.Add(ref _verdictsDropped, dropped);
    }

    public Report Snapshot(int waiting)
    {
        var withoutContent = WithoutContent;
        return new Report(Interlocked.Read(ref _inferenceSpans), Interlocked.Read(ref _stored), Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _rejected), withoutContent, waiting, Interlocked.Read(ref _unjoinedRecords), Interlocked.Read(ref _ignored),
            withoutContent > 0 ? OtlpReceiver.CaptureHint : null,
            new VerdictExport(Interlocked.Read(ref _verdictsSent), Interlocked.Read(ref _verdictsFailed), Interlocked.Read(ref _verdictsDropped)));
    }

    /// <summary>The status answer.</summary>
    /// <param name="InferenceSpans">GenAI inference spans received.</param>
    /// <param name="SpansWithoutContent">Inference spans that carried no message (content capture off) and were not stored.</param>
    /// <param name="WaitingForJoin">Spans and log-record groups held now for their other half.</param>
    /// <param name="UnjoinedLogRecordGroups">Log records given up because their span never came.</param>
    /// <param name="Ignored">Spans and log records that are not GenAI inference data.</param>
    internal sealed record Report(
        long InferenceSpans,
        long Stored,
        long Duplicates,
        long Rejected,
        long SpansWithoutContent,
        int WaitingForJoin,
        long UnjoinedLogRecordGroups,
        long Ignored,
        [property: JsonPropertyName("warning")] string? Warning,
        VerdictExport VerdictExport);

    /// <summary>Flags exported as <c>gen_ai.evaluation.result</c> log records (<c>serve --otlp-export-endpoint</c>); zeros when export is off.</summary>
    /// <param name="Sent">Records the receiver accepted.</param>
    /// <param name="Failed">Records of batches the receiver refused, or that could not be sent after retries.</param>
    /// <param name="Dropped">Records not queued because the export queue was full.</param>
    internal sealed record VerdictExport(long Sent, long Failed, long Dropped);
}
