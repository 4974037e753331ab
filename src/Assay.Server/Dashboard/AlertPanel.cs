using System.Globalization;
using Assay.Monitoring;
using Assay.Server.Ui;
using Assay.Storage;

namespace Assay.Server.Dashboard;

/// <summary>The dashboard's alert sink: the alerts firing now and the latest alert events with what became of their webhook deliveries.</summary>
/// <remarks>Webhook URLs are not shown: they often carry a secret token, and reviewers need only whether delivery worked.</remarks>
internal static class AlertPanel
{
    public static void Write(HtmlBuilder html, DashboardView view)
    {
        html.Raw("<section aria-labelledby=\"alerts-h\"><h2 id=\"alerts-h\">Alerts</h2>");
        if (view.Project != Assay.Review.ApiKey.AllProjects)
            html.Raw("<p><small>Only alerts of rules grouped by project, for this key's project; rules over all traffic mix every project's data.</small></p>");
        html.Raw("<table id=\"firing\"><caption>Firing now</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Key</th>")
            .Raw("<th scope=\"col\">Since (UTC)</th><th scope=\"col\">Value</th><th scope=\"col\">Message</th></tr></thead><tbody>");
        foreach (var alert in view.Firing)
        {
            html.Raw("<tr><th scope=\"row\">").Text(alert.RuleId).Raw("</th><td>").Text(alert.Key).Raw("</td><td>").Text(Time(alert.FiredAt))
                .Raw("</td><td>").Decimal(alert.Value).Raw("</td><td>").Text(alert.Message).Raw("</td></tr>");
        }

        if (view.Firing.Count == 0)
            html.Raw("<tr><td colspan=\"5\">No alert is firing.</td></tr>");
        html.Raw("</tbody></table><table id=\"alert-events\"><caption>Latest alert events, newest first</caption><thead><tr>")
            .Raw("<th scope=\"col\">Recorded (UTC)</th><th scope=\"col\">State</th><th scope=\"col\">Rule</th><th scope=\"col\">Key</th>")
            .Raw("<th scope=\"col\">Message</th><th scope=\"col\">Webhook delivery</th></tr></thead><tbody>");
        foreach (var stored in view.Events)
        {
            var alert = stored.Alert;
            html.Raw("<tr><td>").Text(Time(stored.RecordedAt)).Raw("</td><td>").Raw(alert.State == AlertState.Firing ? "<strong>firing</strong>" : "resolved")
                .Raw("</td><th scope=\"row\">").Text(alert.RuleId).Raw("</th><td>").Text(alert.Key).Raw("</td><td>").Text(alert.Message)
                .Raw("</td><td>").Text(Delivery(stored.Deliveries)).Raw("</td></tr>");
        }

        if (view.Events.Count == 0)
            html.Raw("<tr><td colspan=\"6\">No alert events yet.</td></tr>");
        html.Raw("</tbody></table></section>");
    }

    /// <summary>The outcome in words: "delivered" per webhook, or the failure with its attempts.</summary>
    internal static string Delivery(IReadOnlyList<AlertDelivery> deliveries)
    {
        if (deliveries.Count == 0)
            return "no webhook configured";
        var delivered = deliveries.Count(d => d.Delivered);
        var failures = deliveries.Where(d => !d.Delivered)
            .Select(d => string.Create(CultureInfo.InvariantCulture, $"failed after {d.Attempts} attempt{(d.Attempts == 1 ? "" : "s")}: {d.Error ?? "unknown error"}"));
        var text = string.Create(CultureInfo.InvariantCulture, $"delivered to {delivered} of {deliveries.Count}");
        return delivered == deliveries.Count ? text : $"{text}; {string.Join("; ", failures)}";
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
