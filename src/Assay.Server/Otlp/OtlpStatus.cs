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

    public Report Snapshot(int waiting)
    {
        var withoutContent = WithoutContent;
        return new Report(Interlocked.Read(ref _inferenceSpans), Interlocked.Read(ref _stored), Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _rejected), withoutContent, waiting, Interlocked.Read(ref _unjoinedRecords), Interlocked.Read(ref _ignored),
            withoutContent > 0 ? OtlpReceiver.CaptureHint : null);
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
        [property: JsonPropertyName("warning")] string? Warning);
}
