using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Assay.Server.Operations;

/// <summary>Writes each log entry as one JSON object on one line, with the node that wrote it, for log collectors.</summary>
/// <remarks>
/// Fields: <c>Timestamp</c> (UTC, RFC 3339), <c>LogLevel</c>, <c>Category</c>, <c>EventId</c>, <c>Message</c>, <c>Node</c>,
/// <c>State</c> (the message's named values) and <c>Exception</c> when there is one. Thread-safe: the console logger
/// serialises writes.
/// </remarks>
internal sealed class JsonLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "assay-json";

    /// <summary>This process among the nodes: host name and process id, unique while it runs.</summary>
    public static string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
            return;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", DateTimeOffset.UtcNow);
            json.WriteString("LogLevel", logEntry.LogLevel.ToString());
            json.WriteString("Category", logEntry.Category);
            json.WriteNumber("EventId", logEntry.EventId.Id);
            json.WriteString("Message", message);
            json.WriteString(nameof(Node), Node);
            if (logEntry.Exception is not null)
                json.WriteString("Exception", logEntry.Exception.ToString());
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                json.WriteStartObject("State");
                foreach (var (name, value) in values)
                {
                    if (name != "{OriginalFormat}")
                        json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
