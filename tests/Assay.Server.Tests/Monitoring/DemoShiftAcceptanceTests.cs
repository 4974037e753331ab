using Assay.Demo;
using Assay.Ingest;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Server.Monitoring;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Assay.Server.Tests.Monitoring;

/// <summary>
/// Issue 5's acceptance on the demo's own history: the starter policy's monitors, run by the real worker over a real
/// SQLite store and the real detection pipeline, report the version whose self-agreement drops within the window.
/// </summary>
public sealed class DemoShiftAcceptanceTests(ITestOutputHelper output)
{
    /// <summary>The worker reads its settings every tick; these tests keep one version of them.</summary>
    private static Func<MonitoringSettings> Settings(MonitoringSettings settings) => () => settings;

    private const int Count = 10_000;
    private static readonly DateTimeOffset s_end = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Starter_monitors_fire_self_agreement_drop_for_the_shifted_version_only_within_the_window()
    {
        using var temp = new TempDatabase();
        await using var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path));
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(s_end);
        await using var interactions = new SqliteInteractionStore(database, clock);
        var (traffic, shift) = DemoTraffic.History(21, Count, s_end);
        var all = Enumerable.Range(0, Count).Select(_ => traffic.Next()).ToList();
        var shiftAt = all[(int)shift.FromIndex].Timestamp!.Value;
        await interactions.AppendAsync([.. all.Select(InteractionParser.Canonicalise)], CancellationToken.None);
        var policy = StarterPolicy.Load();
        var pipeline = PipelineFactory.Create(policy);
        for (var batch = await interactions.ReadUnprocessedAsync(1000, CancellationToken.None); batch.Count > 0;
             batch = await interactions.ReadUnprocessedAsync(1000, CancellationToken.None))
            await interactions.CompleteAsync([.. batch.Select(pipeline.Process)], CancellationToken.None);

        var rules = MonitorReader.Read(policy).Rules;
        var rule = Assert.Single(rules, r => r.Metric == MonitorMetric.SelfAgreement);
        using var http = new HttpClient();
        var worker = new MonitorWorker(interactions, new SqliteAlertStore(database, clock), new WebhookSink(http, new WebhookOptions(), clock),
            Settings(new MonitoringSettings(rules, TimeSpan.FromMinutes(5), [])), clock, NullLogger<MonitorWorker>.Instance, SoleLeader.Monitor(database));

        // Evaluate every 5 minutes from just before the shift to the end of the history, as the worker would.
        var events = new List<Alert>();
        for (clock.Now = shiftAt.AddMinutes(-5); clock.Now <= s_end; clock.Now += TimeSpan.FromMinutes(5))
            events.AddRange(await worker.RunOnceAsync(CancellationToken.None));

        foreach (var e in events)
            output.WriteLine($"{e.FiredAt:HH:mm} {e.State} {e.Message}");
        var fired = Assert.Single(events, e => e.RuleId == rule.Id && e.State == AlertState.Firing);
        Assert.Equal($"atlas@{shift.Version}", fired.Key);
        Assert.InRange(fired.FiredAt, shiftAt, shiftAt + rule.Window);
        output.WriteLine($"fired {(fired.FiredAt - shiftAt).TotalMinutes:0} min after the shift (window {rule.Window.TotalMinutes:0} min)");
        // The version that did not change raises no self-agreement alert.
        Assert.DoesNotContain(events, e => e.RuleId == rule.Id && e.Key != fired.Key);
    }
}
