using System.Text.Json;
using Assay.Monitoring;

namespace Assay.Server.Monitoring;

/// <summary>Writes an alert event as the JSON body webhooks receive, with snake_case names like the rest of the API.</summary>
internal static class AlertJson
{
    public static byte[] Serialize(Alert alert, long eventId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("event_id", eventId);
            json.WriteString("rule", alert.RuleId);
            json.WriteString("key", alert.Key);
            json.WriteString("state", alert.State == AlertState.Firing ? "firing" : "resolved");
            json.WriteString("fired_at", alert.FiredAt);
            if (alert.ResolvedAt is { } resolved)
                json.WriteString("resolved_at", resolved);
            if (double.IsFinite(alert.Value))
                json.WriteNumber("value", alert.Value);
            json.WriteString("message", alert.Message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
