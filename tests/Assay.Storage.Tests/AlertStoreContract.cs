using Assay.Monitoring;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IAlertStore"/> must have; each store's tests derive from it.</summary>
public abstract class AlertStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The migrated store under test.</summary>
    protected IAlertStore Store { get; private set; } = null!;

    /// <summary>Opens and migrates a store over this test's own storage.</summary>
    protected abstract Task<IAlertStore> OpenAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public abstract Task DisposeAsync();

    private static Alert Firing(string rule, string key, int minute = 0) =>
        new(rule, key, AlertState.Firing, s_at.AddMinutes(minute), null, 0.3, $"{rule} [{key}] fired");

    /// <summary>The <paramref name="index"/>th event of an alert's episodes: firing when even, its resolution when odd.</summary>
    private static Alert Episode(Alert alert, int index) =>
        index % 2 == 0 ? alert : alert with { State = AlertState.Resolved, ResolvedAt = alert.FiredAt };

    [Fact]
    public async Task AddEventAsync_firing_opens_the_alert_and_resolved_closes_it()
    {
        var fired = Firing("refusals", "*");
        await Store.AddEventAsync(fired, CancellationToken.None);
        Assert.Equal(fired, Assert.Single(await Store.OpenAsync(CancellationToken.None)));

        await Store.AddEventAsync(fired with { State = AlertState.Resolved, ResolvedAt = s_at.AddMinutes(5) }, CancellationToken.None);

        Assert.Empty(await Store.OpenAsync(CancellationToken.None));
        Assert.Equal([AlertState.Resolved, AlertState.Firing], (await Store.ListAsync(10, null, null, CancellationToken.None)).Select(e => e.Alert.State));
    }

    [Fact]
    public async Task AddEventAsync_of_the_same_firing_alert_twice_at_once_opens_it_once_with_one_firing_event()
    {
        var fired = Firing("refusals", "*");

        var ids = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Store.AddEventAsync(fired, CancellationToken.None))));

        // One attempt recorded the episode; the other found it open and recorded nothing (id 0), so nothing is sent twice.
        Assert.Single(ids, id => id > 0);
        Assert.Single(ids, id => id == 0);
        Assert.Equal(fired, Assert.Single(await Store.OpenAsync(CancellationToken.None)));
        var firing = Assert.Single(await Store.ListAsync(10, null, null, CancellationToken.None));
        Assert.Equal((ids.Max(), AlertState.Firing), (firing.EventId, firing.Alert.State));
    }

    [Fact]
    public async Task AddEventAsync_of_a_resolution_twice_at_once_closes_the_episode_with_one_resolved_event_and_a_new_episode_fires_again()
    {
        var fired = Firing("refusals", "*");
        await Store.AddEventAsync(fired, CancellationToken.None);
        var resolved = fired with { State = AlertState.Resolved, ResolvedAt = s_at.AddMinutes(5) };

        var ids = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Store.AddEventAsync(resolved, CancellationToken.None))));
        var again = await Store.AddEventAsync(Firing("refusals", "*", 10), CancellationToken.None);

        Assert.Single(ids, id => id > 0);
        Assert.Single(ids, id => id == 0);
        Assert.True(again > ids.Max());
        Assert.Equal([AlertState.Firing, AlertState.Resolved, AlertState.Firing], (await Store.ListAsync(10, null, null, CancellationToken.None)).Select(e => e.Alert.State));
        Assert.Equal(s_at.AddMinutes(10), Assert.Single(await Store.OpenAsync(CancellationToken.None)).FiredAt);
    }

    [Fact]
    public async Task ListAsync_returns_events_newest_first_with_their_deliveries_failures_included()
    {
        var first = await Store.AddEventAsync(Firing("a", "*"), CancellationToken.None);
        var second = await Store.AddEventAsync(Firing("b", "*", 1), CancellationToken.None);
        await Store.RecordDeliveryAsync(new AlertDelivery(first, "http://127.0.0.1:9/hook", 4, false, "refused", s_at), CancellationToken.None);
        await Store.RecordDeliveryAsync(new AlertDelivery(first, "http://127.0.0.1:9/other", 1, true, null, s_at), CancellationToken.None);

        var events = await Store.ListAsync(10, null, null, CancellationToken.None);

        Assert.Equal([second, first], events.Select(e => e.EventId));
        Assert.Empty(events[0].Deliveries);
        Assert.Equal([false, true], events[1].Deliveries.Select(d => d.Delivered));
        Assert.Equal("refused", events[1].Deliveries[0].Error);
    }

    [Fact]
    public async Task ListAsync_with_a_scope_keeps_its_rules_and_key_and_fills_the_page_from_them()
    {
        // Episodes of one alert alternate firing and resolved events.
        for (var i = 0; i < 3; i++)
            await Store.AddEventAsync(Episode(Firing("by-project", "travel", i), i), CancellationToken.None);
        for (var i = 0; i < 10; i++)
            await Store.AddEventAsync(Episode(Firing("by-project", "support", 10 + i), i), CancellationToken.None);
        await Store.AddEventAsync(Firing("by-version", "travel", 30), CancellationToken.None);

        var scoped = await Store.ListAsync(3, null, new AlertScope(["by-project"], "travel"), CancellationToken.None);
        var none = await Store.ListAsync(3, null, new AlertScope([], "travel"), CancellationToken.None);

        Assert.Equal(3, scoped.Count);
        Assert.All(scoped, e => Assert.Equal(("by-project", "travel"), (e.Alert.RuleId, e.Alert.Key)));
        Assert.Empty(none);
        Assert.Equal(14, (await Store.ListAsync(100, null, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ListAsync_before_the_last_event_of_a_page_pages_without_gaps_or_repeats_while_events_arrive()
    {
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
            ids.Add(await Store.AddEventAsync(Firing($"r{i}", "*", i), CancellationToken.None));

        var seen = new List<long>();
        long? before = null;
        for (var page = 0; page < 10; page++)
        {
            var events = await Store.ListAsync(3, before, null, CancellationToken.None);
            seen.AddRange(events.Select(e => e.EventId));
            if (events.Count < 3)
                break;
            before = events[^1].EventId;
            // A newer event arriving between pages belongs to the first page, not to the ones still to come.
            await Store.AddEventAsync(Firing($"late-{page}", "*", 60 + page), CancellationToken.None);
        }

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);
    }
}
