using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Assay.Domain;
using Assay.Otlp;
using Assay.Otlp.Proto;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Otlp;

/// <summary>Sends Assay's flags to an OTLP/HTTP receiver as <c>gen_ai.evaluation.result</c> log records (protobuf), in batches.</summary>
/// <remarks>
/// <see cref="Offer"/> never blocks nor throws: records wait in a bounded queue, and when it is full new ones are dropped
/// and counted. A batch is tried three times (after 1 s and 2 s) when the receiver is unreachable or answers 429, 502,
/// 503 or 504; then, or on any other refusal, its records count as failed. Sent, failed and dropped records are in
/// <c>GET /v1/otlp/status</c>. Off (every offer ignored) without an endpoint. Thread-safe.
/// </remarks>
internal sealed partial class VerdictExporter(HttpClient http, VerdictExportOptions options, OtlpStatus status, TimeProvider time, ILogger<VerdictExporter> logger)
    : BackgroundService
{
    private static readonly TimeSpan[] s_retryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly Channel<LogRecord> _queue = Channel.CreateBounded<LogRecord>(new BoundedChannelOptions(options.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public bool IsEnabled => options.Endpoint is not null;

    /// <summary>Queues the records of <paramref name="flags"/> raised on <paramref name="interactionId"/>.</summary>
    public void Offer(string interactionId, IReadOnlyList<Flag> flags)
    {
        if (!IsEnabled || flags.Count == 0)
            return;
        var at = time.GetUtcNow();
        foreach (var flag in flags)
        {
            // TryWrite on a full bounded channel returns false at once (FullMode Wait applies only to WriteAsync).
            if (!_queue.Writer.TryWrite(EvaluationRecords.From(interactionId, flag, at)))
                status.CountVerdicts(dropped: 1);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<LogRecord>(options.BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < options.BatchSize && _queue.Reader.TryRead(out var record))
                    batch.Add(record);
                await SendAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is not sent.
        }
    }

    private async Task SendAsync(List<LogRecord> batch, CancellationToken cancellationToken)
    {
        var body = EvaluationRecords.Request(batch).ToByteArray();
        string? problem = null;
        for (var attempt = 0; ; attempt++)
        {
            bool retry;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, options.LogsUrl) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                foreach (var (name, value) in options.Headers)
                    request.Headers.TryAddWithoutValidation(name, value);
                using var response = await http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    status.CountVerdicts(sent: batch.Count);
                    return;
                }

                problem = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                problem = e.Message;
                retry = true;
            }

            if (!retry || attempt >= s_retryDelays.Length)
                break;
            await Task.Delay(s_retryDelays[attempt], time, cancellationToken);
        }

        status.CountVerdicts(failed: batch.Count);
        LogExportFailed(logger, batch.Count, options.LogsUrl!, problem);
    }

    [LoggerMessage(41, LogLevel.Warning, "{Count} verdict records were not exported to {Url}: {Problem}")]
    private static partial void LogExportFailed(ILogger logger, int count, Uri url, string? problem);
}
