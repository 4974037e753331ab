using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Assay.Cli.Commands.Ingest;

/// <summary>Posts NDJSON chunks to a running server, retrying while it signals overload.</summary>
internal sealed class HttpIngestTarget : IIngestTarget
{
    private const int MaxAttempts = 10;
    private readonly HttpClient _http;

    /// <param name="key">An API key with the ingest role, when the server requires keys.</param>
    public HttpIngestTarget(Uri server, string? key)
    {
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public async Task<IReadOnlyList<LineOutcome>> SendAsync(ReadOnlyMemory<byte> ndjson, IReadOnlyList<int> lines, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var content = new ReadOnlyMemoryContent(ndjson);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await _http.PostAsync("v1/interactions", content, cancellationToken);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < MaxAttempts)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                await Task.Delay(wait * attempt, cancellationToken);
                continue;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (!root.TryGetProperty("results", out var results))
            {
                var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : response.ReasonPhrase;
                throw new HttpRequestException($"the server answered {(int)response.StatusCode}: {detail}");
            }

            var outcomes = new List<LineOutcome>(lines.Count);
            foreach (var result in results.EnumerateArray())
            {
                var status = result.GetProperty("status").GetString()!;
                var line = lines[result.GetProperty("index").GetInt32()];
                string? reason = null;
                if (result.TryGetProperty("errors", out var errors))
                    reason = string.Join("; ", errors.EnumerateArray().Select(e => $"{e.GetProperty("pointer").GetString()} {e.GetProperty("detail").GetString()}".Trim()));
                outcomes.Add(new LineOutcome(line, status, reason));
            }

            return outcomes;
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
