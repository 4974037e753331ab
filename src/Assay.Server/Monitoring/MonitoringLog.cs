using Microsoft.Extensions.Logging;

namespace Assay.Server.Monitoring;

/// <summary>Source-generated log messages of monitoring: the log sink of alerts.</summary>
internal static partial class MonitoringLog
{
    [LoggerMessage(100, LogLevel.Warning, "Alert firing: {Rule} [{Key}] {Message}")]
    public static partial void AlertFiring(ILogger logger, string rule, string key, string message);

    [LoggerMessage(104, LogLevel.Information, "Alert resolved: {Rule} [{Key}] {Message}")]
    public static partial void AlertResolved(ILogger logger, string rule, string key, string message);

    [LoggerMessage(101, LogLevel.Error, "Alert event {EventId} could not be delivered to {Target} after {Attempts} attempts: {Error}")]
    public static partial void DeliveryFailed(ILogger logger, long eventId, string target, int attempts, string? error);

    [LoggerMessage(102, LogLevel.Error, "A monitor evaluation failed; it will run again at the next interval")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception);

    [LoggerMessage(103, LogLevel.Warning, "Monitor policy problem: {Problem}")]
    public static partial void PolicyProblem(ILogger logger, string problem);

    [LoggerMessage(105, LogLevel.Warning, "Incident {IncidentId} opened by alert {Rule} [{Key}]")]
    public static partial void IncidentOpened(ILogger logger, long incidentId, string rule, string key);
}
