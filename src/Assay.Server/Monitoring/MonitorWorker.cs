using Assay.Audit;
using Assay.Incidents;
using Assay.Monitoring;
using Assay.Server.Election;
using Assay.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Monitoring;

/// <summary>The background worker that evaluates the policy's monitor rules over stored traffic and sends the alerts on.</summary>
/// <remarks>
/// Open alerts live in the <see cref="IAlertStore"/>, so de-duplication survives restarts. Every event is stored first,
/// then logged, then POSTed to the webhooks; each delivery's outcome is stored, failures included, for <c>GET /v1/alerts</c>.
/// Only the node that leads the <see cref="Leadership.Monitor"/> role evaluates: each term starts from the store (the open
/// alerts, and a feature buffer rebuilt from the interactions) and ends at once when the lead is lost.
/// </remarks>
internal sealed class MonitorWorker(
    IInteractionStore interactions,
    IAlertStore alerts,
    WebhookSink webhooks,
    Func<MonitoringSettings> currentSettings,
    TimeProvider time,
    ILogger<MonitorWorker> logger,
    LeaderElection election,
    IAuditStore? audit = null,
    JudgeDrift? judgeDrift = null,
    IIncidentStore? incidents = null) : BackgroundService
{
    private MonitoringSettings _settings = currentSettings();

    private FeatureBuffer _buffer = NewBuffer(interactions, currentSettings());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var problem in _settings.Problems)
            MonitoringLog.PolicyProblem(logger, problem.ToString());
        // Led even while the policy has no monitors: an activated version may bring some, and they run from the next tick.
        await election.RunAsync(LeadAsync, stoppingToken);
    }

    /// <summary>Evaluates every interval for as long as <paramref name="term"/> lasts, from a feature buffer rebuilt from the store.</summary>
    private async Task LeadAsync(CancellationToken term)
    {
        // The buffer a follower kept would miss what the leader saw patched meanwhile; the store is the state.
        _buffer = NewBuffer(interactions, _settings);
        using var timer = new PeriodicTimer(_settings.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(term);
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep monitoring alive; the next tick evaluates again from the store.
            catch (Exception e)
#pragma warning restore CA1031
            {
                MonitoringLog.EvaluationFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(term).ConfigureAwait(false));
    }

    /// <summary>Evaluates every rule once at the current time; returns the events raised.</summary>
    internal async Task<IReadOnlyList<Alert>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = currentSettings();
        if (!ReferenceEquals(settings.Rules, _settings.Rules))
        {
            // Another policy version was activated: its monitors may need other windows and baselines than the buffer has.
            foreach (var problem in settings.Problems)
                MonitoringLog.PolicyProblem(logger, problem.ToString());
            _settings = settings;
            _buffer = NewBuffer(interactions, settings);
        }

        var open = await alerts.OpenAsync(cancellationToken);
        var raised = new List<Alert>();
        if (settings.Rules.Count > 0)
            await _buffer.RefreshAsync(now, cancellationToken);
        foreach (var rule in settings.Rules)
        {
            var (next, events) = MonitorEvaluator.EvaluateGroups(rule, _buffer.Features, open, now);
            open = next;
            foreach (var alert in events)
                await RaiseAsync(alert, raised, cancellationToken);
        }

        if (judgeDrift is not null)
        {
            foreach (var alert in await judgeDrift.EvaluateAsync(open, now, cancellationToken))
                await RaiseAsync(alert, raised, cancellationToken);
        }

        return raised;
    }

    /// <summary>Stores, audits, logs and sends one alert event; adds it to <paramref name="raised"/> unless another node recorded it first.</summary>
    private async Task RaiseAsync(Alert alert, List<Alert> raised, CancellationToken cancellationToken)
    {
        var eventId = await alerts.AddEventAsync(alert, cancellationToken);
        // Another node recorded this change first (two leaders for a moment): it logs and sends it, not this one.
        if (eventId == 0)
            return;
        if (audit is not null)
            await audit.AppendAsync(AuditRecords.AlertChanged(alert, eventId), cancellationToken);
        if (alert.State == AlertState.Firing && incidents is not null && _settings.Rules.FirstOrDefault(r => r.Id == alert.RuleId) is { OpenIncident: { } severity } rule)
            await OpenIncidentAsync(incidents, rule, severity, alert, eventId, cancellationToken);
        // A resolution is good news: information, not a warning.
        if (alert.State == AlertState.Firing)
            MonitoringLog.AlertFiring(logger, alert.RuleId, alert.Key, alert.Message);
        else
            MonitoringLog.AlertResolved(logger, alert.RuleId, alert.Key, alert.Message);
        foreach (var delivery in await webhooks.SendAsync(alert, eventId, cancellationToken))
        {
            await alerts.RecordDeliveryAsync(
                new AlertDelivery(eventId, delivery.Url.ToString(), delivery.Attempts, delivery.Delivered, delivery.Error, time.GetUtcNow()), cancellationToken);
            if (!delivery.Delivered)
                MonitoringLog.DeliveryFailed(logger, eventId, delivery.Url.ToString(), delivery.Attempts, delivery.Error);
        }

        raised.Add(alert);
    }

    /// <summary>Opens the incident a rule asks for when it fires: in the alert's project when the rule is per project, else over every project.</summary>
    private async Task OpenIncidentAsync(IIncidentStore incidents, MonitorRule rule, IncidentSeverity severity, Alert alert, long eventId, CancellationToken cancellationToken)
    {
        var project = rule.GroupBy == MonitorGrouping.Project ? alert.Key : Assay.Review.ApiKey.AllProjects;
        var incident = await incidents.OpenAsync(new NewIncident(project, $"Alert {rule.Id} fired ({alert.Key})", severity, alert.Message,
            [new IncidentLink(IncidentLinkKind.Alert, eventId.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            DetectedAt: alert.FiredAt, AlertEventId: eventId), AuditActor.System, cancellationToken);
        MonitoringLog.IncidentOpened(logger, incident.Id, rule.Id, alert.Key);
    }

    private static FeatureBuffer NewBuffer(IInteractionStore interactions, MonitoringSettings settings) => new(
        interactions,
        settings.Rules.Count == 0 ? TimeSpan.Zero : settings.Rules.Max(r => r.Window + (r.Baseline is null ? r.Reference : TimeSpan.Zero)),
        [.. settings.Rules.Where(r => r.Baseline is not null).Select(r => r.Baseline!)]);
}
