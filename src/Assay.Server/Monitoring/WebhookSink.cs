using System.Globalization;
using System.Net.Http.Headers;
using Assay.Monitoring;

namespace Assay.Server.Monitoring;

/// <summary>A destination for alert events: POSTs each as JSON to every configured webhook, retrying with exponential back-off.</summary>
/// <remarks>
/// Never throws for a failed delivery: the outcome is returned so that it can be stored and shown by <c>GET /v1/alerts</c>.
/// A 4xx other than 408 and 429 is not retried, since sending the same body again cannot fix it. Thread-safe.
/// </remarks>
internal sealed class WebhookSink(HttpClient http, WebhookOptions options, TimeProvider time)
{
    /// <summary>Sends <paramref name="alert"/> to every webhook; one outcome per URL, in order.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> SendAsync(Alert alert, long eventId, CancellationToken cancellationToken)
    {
        var body = AlertJson.Serialize(alert, eventId);
        var deliveries = new List<WebhookDelivery>(options.Urls.Count);
        foreach (var url in options.Urls)
            deliveries.Add(await SendAsync(url, body, cancellationToken));
        return deliveries;
    }

    private async Task<WebhookDelivery> SendAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        string? error = null;
        var attempts = Math.Max(1, options.MaxAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
                await Task.Delay(options.InitialBackoff * Math.Pow(2, attempt - 2), time, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.AttemptTimeout);
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(url, content, timeout.Token);
                if (response.IsSuccessStatusCode)
                    return new WebhookDelivery(url, attempt, true, null);
                var status = (int)response.StatusCode;
                error = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}");
                if (status is >= 400 and < 500 and not 408 and not 429)
                    return new WebhookDelivery(url, attempt, false, error);
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                error = e is OperationCanceledException ? "timed out" : e.Message;
            }
        }

        return new WebhookDelivery(url, attempts, false, error);
    }
}
