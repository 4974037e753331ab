using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Assay.Server.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.OpenApi;

/// <summary>Records every (method, route, status) one test server answers, from ASP.NET Core's own request metric.</summary>
/// <remarks>
/// It listens to <c>http.server.request.duration</c> of that server's meter factory only, so servers of other tests running
/// at the same time are not mixed in. <see cref="UndeclaredAsync"/> then names each observed answer of a documented operation
/// that the server's OpenAPI document does not declare.
/// </remarks>
internal sealed class ObservedStatuses : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Operation, int Status), byte> _seen = new();

    public ObservedStatuses(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "http.server.request.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(Record);
        _listener.Start();
    }

    public int Count => _seen.Count;

    public void Dispose() => _listener.Dispose();

    /// <summary>"POST /v1/keys answered 409, which the document does not declare" for each such answer, in order.</summary>
    public async Task<IReadOnlyList<string>> UndeclaredAsync(HttpClient http)
    {
        // The metric is recorded as the request ends, a moment after the client has its answer.
        await Task.Delay(500);
        var document = JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative)));
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object && m.Value.TryGetProperty("responses", out _)))
                declared[$"{method.Name.ToUpperInvariant()} {ServedOperations.Normalize(path.Name)}"] = method.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        }

        return _seen.Keys
            .Where(s => declared.TryGetValue(s.Operation, out var statuses) && !statuses.Contains(s.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(s => $"{s.Operation} answered {s.Status}, which the document does not declare")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether <paramref name="operation"/> ("GET /v1/review/next") was seen answering <paramref name="status"/>.</summary>
    /// <remarks>
    /// Waits up to two seconds: the request metric is recorded when the server's pipeline ends, which can be just after
    /// the client has read the answer (the last request of a test was sometimes not yet recorded on a busy machine).
    /// </remarks>
    public bool Saw(string operation, int status)
    {
        for (var attempt = 0; attempt < 40 && !_seen.ContainsKey((operation, status)); attempt++)
            Thread.Sleep(50);
        return _seen.ContainsKey((operation, status));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? method = null, route = null;
        int? status = null;
        foreach (var (key, tag) in tags)
        {
            switch (key)
            {
                case "http.request.method": method = tag as string; break;
                case "http.route": route = tag as string; break;
                case "http.response.status_code": status = Convert.ToInt32(tag, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }

        if (method is not null && route is not null && status is { } code)
            _seen.TryAdd(($"{method} {ServedOperations.Normalize(route.StartsWith('/') ? route : "/" + route)}", code), 0);
    }
}
