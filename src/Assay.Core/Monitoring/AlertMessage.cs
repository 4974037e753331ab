using System.Globalization;

namespace Assay.Monitoring;

/// <summary>Writes an alert's message: a plain sentence (what changed, by how much, since when), then the statistics.</summary>
/// <remarks>
/// The rule id and key are not repeated in the message: the log, the webhook body and <c>GET /v1/alerts</c> carry them
/// beside it, and the log line used to read <c>traffic-drift [*] traffic-drift [*]: …</c>.
/// </remarks>
public static class AlertMessage
{
    /// <summary>The message of a firing alert, first raised at <paramref name="firedAt"/> and evaluated at <paramref name="now"/>.</summary>
    public static string Firing(MonitorRule rule, string key, MonitorOutcome outcome, DateTimeOffset firedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(outcome);
        var since = firedAt == now ? "" : Invariant($" Firing since {firedAt:yyyy-MM-dd HH:mm} UTC; it resolves when the test finds nothing at alpha {rule.HoldAlpha}.");
        return Lead(rule, key, outcome, now) is { } lead ? Invariant($"{lead}.{since} {outcome.Detail}") : outcome.Detail;
    }

    /// <summary>The message of an alert that fired at <paramref name="firedAt"/> and resolved at <paramref name="now"/>.</summary>
    public static string Resolved(MonitorRule rule, string key, MonitorOutcome outcome, DateTimeOffset firedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(outcome);
        var lead = Lead(rule, key, outcome, now) is { } sentence ? sentence + ". " : "";
        return Invariant($"Resolved after {Duration(now - firedAt)} (fired {firedAt:yyyy-MM-dd HH:mm} UTC): {lead}{outcome.Detail}");
    }

    /// <summary>"The over-refusal rate rose from 4.1% to 15.2% (3.7×) for atlas@2 in the 1h since 13:02 UTC, against the 24h before".</summary>
    private static string? Lead(MonitorRule rule, string key, MonitorOutcome outcome, DateTimeOffset now)
    {
        if (outcome.Change is null)
            return null;
        var change = char.ToUpperInvariant(outcome.Change[0]) + outcome.Change[1..];
        var who = key == MonitorEvaluator.AllKey ? "" : $" for {key}";
        var against = rule.Metric == MonitorMetric.Volume ? ""
            : rule.Baseline is { } b ? Invariant($", against the baseline {b.From:yyyy-MM-dd HH:mm}–{b.To:yyyy-MM-dd HH:mm} UTC")
            : Invariant($", against the {Duration(rule.Reference)} before");
        return Invariant($"{change}{who} in the {Duration(rule.Window)} since {now - rule.Window:HH:mm} UTC{against}");
    }

    /// <summary>"1 h", "1 h 5 min", "1 min 30 s", "45 s": whole units, largest first, at most two.</summary>
    private static string Duration(TimeSpan span)
    {
        if (span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0)
            return Invariant($"{span.TotalDays:0} d");
        string[] parts =
        [
            span.TotalHours >= 1 ? Invariant($"{(int)span.TotalHours} h") : "",
            span.Minutes > 0 ? Invariant($"{span.Minutes} min") : "",
            span.TotalHours < 1 && span.Seconds > 0 ? Invariant($"{span.Seconds} s") : "",
        ];
        var text = string.Join(' ', parts.Where(p => p.Length > 0));
        return text.Length == 0 ? "0 s" : text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
