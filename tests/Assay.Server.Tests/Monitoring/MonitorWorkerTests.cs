using System.Text.Json;
using Assay.Demo;
using Assay.Domain;
using Assay.Ingest;
using Assay.Monitoring;
using Assay.Server.Monitoring;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assay.Server.Tests.Monitoring;

public sealed class MonitorWorkerTests
{
    /// <summary>The worker reads its settings every tick; these tests keep one version of them.</summary>
    private static Func<MonitoringSettings> Settings(MonitoringSettings settings) => () => settings;

    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static readonly MonitorRule s_refusals = new("refusal-rate", MonitorMetric.FlagRate, "over-refusal",
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), MonitorTest.Threshold, Above: 0.2, MinSamples: 100);

    [Fact]
    public async Task RunOnceAsync_stores_one_alert_for_a_persisting_breach_and_records_the_failed_then_successful_delivery_and_logs_each_event_once()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_now);
        await using var interactions = new SqliteInteractionStore(database, clock);
        var alerts = new SqliteAlertStore(database, clock);
        // The last minute refuses half the time; the minute before it as usual.
        await AppendProcessedAsync(interactions, new DemoTraffic(1, s_now.AddMinutes(-2)), 600);
        await AppendProcessedAsync(interactions, new DemoTraffic(2, s_now.AddMinutes(-1), new DemoRates { OverRefusal = 0.5 }), 590);
        await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
        using var http = new HttpClient();
        var sink = new WebhookSink(http, new WebhookOptions { Urls = [receiver.Url], MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) }, clock);
        var log = new CollectingLogger<MonitorWorker>();
        var worker = new MonitorWorker(interactions, alerts, sink, Settings(new MonitoringSettings([s_refusals], TimeSpan.FromSeconds(30), [])), clock, log, SoleLeader.Monitor(database));

        var first = await worker.RunOnceAsync(CancellationToken.None);
        var second = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(AlertState.Firing, Assert.Single(first).State);
        Assert.Empty(second);
        var open = Assert.Single(await alerts.OpenAsync(CancellationToken.None));
        Assert.Equal(("refusal-rate", "*"), (open.RuleId, open.Key));
        var stored = Assert.Single(await alerts.ListAsync(10, null, null, CancellationToken.None));
        var failed = Assert.Single(stored.Deliveries);
        Assert.False(failed.Delivered);
        Assert.Equal(2, failed.Attempts);
        Assert.StartsWith("HTTP 500", failed.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Bodies);

        // The rate falls back once the bad minute leaves the window: the alert resolves and the webhook now answers.
        clock.Now = s_now.AddMinutes(2);
        await AppendProcessedAsync(interactions, new DemoTraffic(3, s_now.AddMinutes(1)), 590);
        var third = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal(AlertState.Resolved, Assert.Single(third).State);
        Assert.Empty(await alerts.OpenAsync(CancellationToken.None));
        var events = await alerts.ListAsync(10, null, null, CancellationToken.None);
        Assert.Equal([AlertState.Resolved, AlertState.Firing], events.Select(e => e.Alert.State));
        Assert.True(Assert.Single(events[0].Deliveries).Delivered);
        using var body = JsonDocument.Parse(Assert.Single(receiver.Bodies));
        Assert.Equal("resolved", body.RootElement.GetProperty("state").GetString());
        // A resolution is information, not a warning; the rule is named once per line, not again inside the message.
        var logged = log.Entries.Where(e => e.Message.StartsWith("Alert firing", StringComparison.Ordinal) || e.Message.StartsWith("Alert resolved", StringComparison.Ordinal)).ToList();
        Assert.Equal([LogLevel.Warning, LogLevel.Information], logged.Select(e => e.Level));
        Assert.StartsWith("Alert firing: refusal-rate [*] The over-refusal rate rose from ", logged[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Alert resolved: refusal-rate [*] Resolved after 2 min ", logged[1].Message, StringComparison.Ordinal);
        Assert.All(logged, e => Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, "refusal-rate")));
    }

    [Fact]
    public async Task RunOnceAsync_evaluates_the_monitors_of_a_version_activated_since_the_last_tick()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_now);
        await using var interactions = new SqliteInteractionStore(database, clock);
        await AppendProcessedAsync(interactions, new DemoTraffic(1, s_now.AddMinutes(-2)), 600);
        await AppendProcessedAsync(interactions, new DemoTraffic(2, s_now.AddMinutes(-1), new DemoRates { OverRefusal = 0.5 }), 590);
        using var http = new HttpClient();
        var current = new MonitoringSettings([], TimeSpan.FromSeconds(30), []);
        var worker = new MonitorWorker(interactions, new SqliteAlertStore(database, clock), new WebhookSink(http, new WebhookOptions(), clock),
            () => current, clock, NullLogger<MonitorWorker>.Instance, SoleLeader.Monitor(database));

        var before = await worker.RunOnceAsync(CancellationToken.None);
        current = new MonitoringSettings([s_refusals], TimeSpan.FromSeconds(30), []);
        var after = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Empty(before);
        Assert.Equal(("refusal-rate", AlertState.Firing), (Assert.Single(after).RuleId, after[0].State));
    }

    [Fact]
    public async Task RunOnceAsync_compares_with_a_fixed_baseline_kept_however_old_it_is()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_now);
        await using var interactions = new SqliteInteractionStore(database, clock);
        // The baseline is two days old, far beyond the current window; the last minute refuses a third of the time.
        var baselineStart = s_now.AddDays(-2);
        await AppendProcessedAsync(interactions, new DemoTraffic(4, baselineStart), 1200);
        await AppendProcessedAsync(interactions, new DemoTraffic(5, s_now.AddMinutes(-1), new DemoRates { OverRefusal = 0.33 }), 590);
        var rule = s_refusals with { Test = MonitorTest.Compare, Above = null, Baseline = new MonitorBaseline(baselineStart, baselineStart.AddMinutes(2)) };
        using var http = new HttpClient();
        var worker = new MonitorWorker(interactions, new SqliteAlertStore(database, clock), new WebhookSink(http, new WebhookOptions(), clock),
            Settings(new MonitoringSettings([rule], TimeSpan.FromSeconds(30), [])), clock, NullLogger<MonitorWorker>.Instance, SoleLeader.Monitor(database));

        var fired = Assert.Single(await worker.RunOnceAsync(CancellationToken.None));

        Assert.Equal(AlertState.Firing, fired.State);
        Assert.Contains("chi-square", fired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_sees_scores_drawn_after_the_interactions_were_read()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_now);
        await using var interactions = new SqliteInteractionStore(database, clock);
        await AppendProcessedAsync(interactions, new DemoTraffic(6, s_now.AddMinutes(-1)), 200);
        var rule = new MonitorRule("drawn-agreement", MonitorMetric.SelfAgreement, null, TimeSpan.FromMinutes(2), TimeSpan.Zero, MonitorTest.Threshold, Below: 0.7, MinSamples: 20);
        using var http = new HttpClient();
        var worker = new MonitorWorker(interactions, new SqliteAlertStore(database, clock), new WebhookSink(http, new WebhookOptions(), clock),
            Settings(new MonitoringSettings([rule], TimeSpan.FromSeconds(30), [])), clock, NullLogger<MonitorWorker>.Instance, SoleLeader.Monitor(database));
        Assert.Empty(await worker.RunOnceAsync(CancellationToken.None));
        var withClientSamples = (await interactions.ReadAsync(0, 200, CancellationToken.None)).Count(s => s.Interaction.Samples.Count > 0);

        // The sampler draws for 40 of them afterwards, all contradicting their response.
        var drawnFor = (await interactions.ReadAsync(0, 200, CancellationToken.None)).Where(s => s.Interaction.Samples.Count == 0).Take(40).ToList();
        foreach (var stored in drawnFor)
        {
            var record = new SelfAgreementRecord(SampleSource.Drawn, stored.Interaction.ModelKey, Detection.Consistency.SelfAgreementMethod.SentenceOverlap, 3, 0.1, 2, ["x", "y", "z"], "m", 30);
            await interactions.RecordDrawnAsync(stored.Sequence, record, new Flag("consistency.low-self-agreement", "hallucination", Severity.High, "policy", [], "drawn"), null, CancellationToken.None);
        }

        clock.Now = s_now.AddSeconds(30);
        var fired = Assert.Single(await worker.RunOnceAsync(CancellationToken.None));

        Assert.Equal(AlertState.Firing, fired.State);
        // The drawn scores (0.1) join the client-sample ones (near 1), which alone kept the rule quiet.
        Assert.Contains($"over {40 + withClientSamples} interactions", fired.Message, StringComparison.Ordinal);
        Assert.True(fired.Value < 0.7, fired.Message);
    }

    internal static async Task AppendProcessedAsync(SqliteInteractionStore store, DemoTraffic traffic, int count)
    {
        var batch = Enumerable.Range(0, count).Select(_ => InteractionParser.Canonicalise(traffic.Next())).ToList();
        await store.AppendAsync(batch, CancellationToken.None);
        var pending = await store.ReadUnprocessedAsync(count, CancellationToken.None);
        await store.CompleteAsync([.. pending.Select(p => new ProcessingResult(p.Sequence, "policy", Truth(p.Interaction), []))], CancellationToken.None);
    }

    /// <summary>One flag per injected category, as a perfect detector would raise.</summary>
    private static Flag[] Truth(Interaction interaction) =>
        interaction.Metadata.Tags.TryGetValue("injected", out var list)
            ? [.. list.Split(',').Select(c => new Flag($"truth.{c}", c, Severity.Medium, "policy", [], "injected"))]
            : [];
}
