using Assay.Audit;
using Assay.Demo;
using Assay.Incidents;
using Assay.Monitoring;
using Assay.Server.Monitoring;
using Assay.Server.Tests.Monitoring;
using Assay.Storage.Sqlite;

namespace Assay.Server.Tests.Incidents;

/// <summary>A monitor rule with <c>incident:</c> opens an incident when it fires: once per firing, linked to the alert event.</summary>
public sealed class AlertIncidentTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_firing_opens_one_incident_linked_to_its_event_and_a_rule_without_incident_opens_none()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_now);
        await using var interactions = new SqliteInteractionStore(database, clock);
        var alerts = new SqliteAlertStore(database, clock);
        var incidents = new SqliteIncidentStore(database, clock);
        var audit = new SqliteAuditStore(database, clock);
        await MonitorWorkerTests.AppendProcessedAsync(interactions, new DemoTraffic(1, s_now.AddMinutes(-2)), 600);
        await MonitorWorkerTests.AppendProcessedAsync(interactions, new DemoTraffic(2, s_now.AddMinutes(-1), new DemoRates { OverRefusal = 0.5 }), 590);
        MonitorRule Rule(string id, IncidentSeverity? incident) => new(id, MonitorMetric.FlagRate, "over-refusal",
            TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), MonitorTest.Threshold, Above: 0.2, MinSamples: 100, OpenIncident: incident);
        var settings = new MonitoringSettings([Rule("refusals-incident", IncidentSeverity.Critical), Rule("refusals-quiet", null)], TimeSpan.FromSeconds(30), []);
        using var http = new HttpClient();
        var worker = new MonitorWorker(interactions, alerts, new WebhookSink(http, new WebhookOptions(), clock), () => settings, clock,
            new CollectingLogger<MonitorWorker>(), SoleLeader.Monitor(database), audit, incidents: incidents);

        var fired = await worker.RunOnceAsync(CancellationToken.None);
        await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, fired.Count);
        var events = await alerts.ListAsync(10, null, null, CancellationToken.None);
        var firing = Assert.Single(events, e => e.Alert.RuleId == "refusals-incident");
        var incident = Assert.Single(await incidents.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal((firing.EventId, IncidentSeverity.Critical, "*"), (incident.AlertEventId!.Value, incident.Severity, incident.Project));
        Assert.Equal([new IncidentLink(IncidentLinkKind.Alert, firing.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture))], incident.Links);
        Assert.Equal(firing.Alert.FiredAt, incident.DetectedAt);
        Assert.Equal(AuditActor.System, incident.OpenedBy);
        Assert.Equal(firing.Alert.Message, incident.PostMortem.WhatHappened);
        Assert.Contains("refusals-incident", incident.Title, StringComparison.Ordinal);
    }
}
