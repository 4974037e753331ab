using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace Assay.Client;

/// <summary>
/// Sends interactions to an Assay server from inside an application: <see cref="Send"/> puts one in a bounded queue and
/// returns at once; a background loop posts them in NDJSON batches and retries with back-off.
/// </summary>
/// <remarks>
/// The application's own work comes first: <see cref="Send"/> never waits and never throws. When the queue is full the
/// interaction is dropped and counted (<see cref="Counters"/>), so an Assay outage costs the application nothing but
/// its audit trail, and that loss is visible. Retrying is safe because ingest is idempotent by id: a batch whose answer
/// was lost comes back as <c>duplicate</c>, not stored twice.
/// </remarks>
public sealed class AssayClient : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue s_ndjson = new("application/x-ndjson");
    private readonly AssayClientOptions _options;
    private readonly Channel<AssayInteraction> _queue;
    private readonly HttpClient _http;
    private readonly Uri _ingest;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sender;
    private long _queued, _accepted, _duplicate, _rejected, _conflict, _dropped, _failed;
    private string? _lastError;
    private int _disposed;

    public AssayClient(AssayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        _options = options;
        _queue = Channel.CreateBounded<AssayInteraction>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: a full queue answers false at once, and the drop is counted
            SingleReader = true,
        });
        _http = options.Handler is null
            ? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            : new HttpClient(options.Handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // each request has its own limit, so a slow one is retried, not fatal
        if (options.ApiKey is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        var endpoint = options.Endpoint.AbsoluteUri.EndsWith('/') ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
        _ingest = new Uri(endpoint, "v1/interactions");
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>What became of the interactions so far.</summary>
    public AssayClientCounters Counters => new(
        Interlocked.Read(ref _queued), Interlocked.Read(ref _accepted), Interlocked.Read(ref _duplicate), Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _conflict), Interlocked.Read(ref _dropped), Interlocked.Read(ref _failed), Volatile.Read(ref _lastError));

    /// <summary>Queues <paramref name="interaction"/> for sending; false when it was dropped (queue full, client disposed, or null).</summary>
    public bool Send(AssayInteraction interaction)
    {
        if (interaction is not null && _queue.Writer.TryWrite(interaction))
        {
            Interlocked.Increment(ref _queued);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Counts an interaction that could not even be made (the middleware's capture failed) as dropped.</summary>
    internal void CountDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>Waits until every interaction queued before this call has been answered for (sent, refused or given up).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _queued);
        while (Settled < target && !_sender.IsCompleted)
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking interactions, sends what is queued for up to <see cref="AssayClientOptions.ShutdownTimeout"/>, and counts the rest as failed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _queue.Writer.TryComplete();
        using (var timeout = new CancellationTokenSource(_options.ShutdownTimeout))
        {
            try
            {
                await _sender.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
                await _sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        var unsent = 0L;
        while (_queue.Reader.TryRead(out _))
            unsent++;
        if (unsent > 0)
            Fail(unsent, $"{unsent} interaction(s) still queued at shutdown");
        _stopping.Dispose();
        _http.Dispose();
    }

    private long Settled =>
        Interlocked.Read(ref _accepted) + Interlocked.Read(ref _duplicate) + Interlocked.Read(ref _rejected)
        + Interlocked.Read(ref _conflict) + Interlocked.Read(ref _failed);

    private async Task SendLoopAsync()
    {
        var batch = new List<AssayInteraction>(_options.MaxBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                // Whatever is waiting goes in one request: batches grow with the load, and a lone call is sent at once.
                batch.Clear();
                while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var next))
                    batch.Add(next);
                await SendAsync(batch, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutdown ran out of time; DisposeAsync counts what is left.
        }
    }

    /// <summary>Posts one batch until it is answered, refused, or out of tries; every item ends up counted once.</summary>
    private async Task SendAsync(List<AssayInteraction> batch, CancellationToken cancellationToken)
    {
        var body = Serialize(batch);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            string error;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_options.RequestTimeout);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = s_ndjson;
                using var response = await _http.PostAsync(_ingest, content, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Count(await ReadAnswerAsync(response, cancellationToken).ConfigureAwait(false), batch.Count);
                    return;
                }

                error = $"{(int)response.StatusCode} {response.ReasonPhrase} from {_ingest}";
                if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge && batch.Count > 1)
                {
                    // Too big for the server's limit: halve until it fits.
                    var half = batch.Count / 2;
                    await SendAsync([.. batch.Take(half)], cancellationToken).ConfigureAwait(false);
                    await SendAsync([.. batch.Skip(half)], cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (!IsTransient(response.StatusCode))
                {
                    Fail(batch.Count, error);
                    return;
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Fail(batch.Count, "shutdown while sending");
                throw;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
            {
                error = exception is OperationCanceledException ? $"no answer from {_ingest} within {_options.RequestTimeout}" : exception.Message;
            }

            Volatile.Write(ref _lastError, error);
            if (attempt >= _options.MaxAttempts)
            {
                Fail(batch.Count, $"gave up after {attempt} tries: {error}");
                return;
            }

            try
            {
                await Task.Delay(retryAfter is { } after && after <= _options.MaxRetryDelay ? after : Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutdown ran out of time while this batch waited to be retried: it counts as failed, like the queue's rest.
                Fail(batch.Count, "shutdown while waiting to retry");
                throw;
            }
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Exponential back-off with jitter (half to all of the doubled delay), so many clients do not retry in step.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var doubled = _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(doubled, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static byte[] Serialize(List<AssayInteraction> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Count * 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            foreach (var interaction in batch)
            {
                JsonSerializer.Serialize(writer, interaction, AssayJsonContext.Default.AssayInteraction);
                writer.Flush();
                buffer.Write("\n"u8);
                writer.Reset();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<IngestAnswer?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, AssayJsonContext.Default.IngestAnswer, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Count(IngestAnswer? answer, int sent)
    {
        if (answer is null || answer.Accepted + answer.Duplicate + answer.Rejected + answer.Conflict != sent)
        {
            // A 202 is a commit, whatever its body says; an answer that does not add up is still counted as stored.
            Interlocked.Add(ref _accepted, sent);
            return;
        }

        Interlocked.Add(ref _accepted, answer.Accepted);
        Interlocked.Add(ref _duplicate, answer.Duplicate);
        Interlocked.Add(ref _rejected, answer.Rejected);
        Interlocked.Add(ref _conflict, answer.Conflict);
        if (answer.Rejected + answer.Conflict > 0)
            Volatile.Write(ref _lastError, $"{answer.Rejected} rejected and {answer.Conflict} conflicting interaction(s) in a batch to {_ingest}");
    }

    private void Fail(long count, string error)
    {
        Interlocked.Add(ref _failed, count);
        Volatile.Write(ref _lastError, error);
    }
}
