using Assay.Audit;
using Assay.Incidents;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IIncidentStore"/> must have; each store's tests derive from it.</summary>
public abstract class IncidentStoreContract : IAsyncLifetime
{
    private static readonly AuditActor s_lead = AuditActor.Key("k-lead", "Lead Lee");
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private protected ManualClock Clock { get; } = new(s_start);

    protected IIncidentStore Store { get; private set; } = null!;

    protected IAuditStore Audit { get; private set; } = null!;

    /// <summary>Opens and migrates the incident store and the audit store over this test's own storage, on <see cref="Clock"/>.</summary>
    protected abstract Task<(IIncidentStore Incidents, IAuditStore Audit)> OpenAsync();

    /// <summary>A second incident store over the same storage, as another node would open it.</summary>
    protected abstract Task<IIncidentStore> OpenAnotherAsync();

    public async Task InitializeAsync() => (Store, Audit) = await OpenAsync();

    public abstract Task DisposeAsync();

    private static IncidentLink Link(string text) => IncidentLink.TryParse(text, out var link, out var error) ? link : throw new ArgumentException(error);

    private Task<Incident> OpenIncidentAsync(string project = "p1", string title = "Fabricated citations", long? alert = null, params string[] links) =>
        Store.OpenAsync(new NewIncident(project, title, IncidentSeverity.High, "Model cites papers that do not exist.", [.. links.Select(Link)],
            StartedAt: s_start.AddHours(-5), AlertEventId: alert), alert is null ? s_lead : AuditActor.System, CancellationToken.None);

    private async Task<List<AuditEntry>> AuditEntriesAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Audit.ReadChainAsync(0, CancellationToken.None))
            entries.Add(entry);
        return entries;
    }

    // Records compare their lists by reference: the lists are compared item by item.
    private static void AssertSame(Incident? expected, Incident? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { Links = [], Events = [], PostMortem = PostMortem.Empty }, actual with { Links = [], Events = [], PostMortem = PostMortem.Empty });
        Assert.Equal(expected.Links, actual.Links);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal((expected.PostMortem.WhatHappened, expected.PostMortem.SlippedPast), (actual.PostMortem.WhatHappened, actual.PostMortem.SlippedPast));
        Assert.Equal(expected.PostMortem.Actions, actual.PostMortem.Actions);
    }

    [Fact]
    public async Task An_opened_incident_keeps_its_fields_links_and_first_event_and_is_audited_with_its_links_as_subjects()
    {
        var opened = await OpenIncidentAsync(links: ["interaction:abc", "flag:abc/no-fake-citations", "task:3", "interaction:abc"]);

        var read = await Store.GetAsync(opened.Id, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(("p1", "Fabricated citations", IncidentSeverity.High, IncidentStatus.Open), (read.Project, read.Title, read.Severity, read.Status));
        Assert.Equal((s_start, s_start, s_start.AddHours(-5), (DateTimeOffset?)null), (read.OpenedAt, read.DetectedAt, read.StartedAt, read.ResolvedAt));
        Assert.Equal(s_lead, read.OpenedBy);
        Assert.Equal(["interaction:abc", "flag:abc/no-fake-citations", "task:3"], read.Links.Select(l => l.ToString()));
        Assert.Equal("Model cites papers that do not exist.", read.PostMortem.WhatHappened);
        var opening = Assert.Single(read.Events);
        Assert.Equal(("opened", s_lead), (opening.Kind, opening.Actor));
        Assert.Equal(TimeSpan.FromHours(5), read.DetectionDelay(null));

        var entry = Assert.Single(await AuditEntriesAsync());
        Assert.Equal("incident.opened", entry.Kind);
        Assert.Contains($"incident:{opened.Id}", entry.Subjects, StringComparison.Ordinal);
        Assert.Contains("flag:abc/no-fake-citations", entry.Subjects, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync(opened.Id + 1000, CancellationToken.None));
    }

    [Fact]
    public async Task An_alert_firing_opens_one_incident_however_often_it_is_asked()
    {
        var first = await OpenIncidentAsync(title: "Refusal rate jumped", alert: 42, links: "alert-event:42");
        var again = await OpenIncidentAsync(title: "another title", alert: 42, links: "alert-event:42");
        var other = await OpenIncidentAsync(title: "Another alert", alert: 43, links: "alert-event:43");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal("Refusal rate jumped", again.Title);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(AuditActor.System, first.OpenedBy);
        Assert.Equal(42, first.AlertEventId);
        Assert.Equal(2, (await AuditEntriesAsync()).Count);
    }

    [Fact]
    public async Task A_change_updates_fields_adds_only_new_links_records_each_step_and_resolving_sets_the_time()
    {
        var opened = await OpenIncidentAsync(links: "interaction:abc");
        Clock.Now = s_start.AddHours(1);
        var changed = await Store.ChangeAsync(opened.Id, new IncidentChange(
            Title: "Fabricated citations in v2", Severity: IncidentSeverity.Critical, AddLinks: [Link("interaction:abc"), Link("label:7")],
            Note: "Rolled back to v1."), s_lead, CancellationToken.None);

        Assert.NotNull(changed);
        Assert.Equal(("Fabricated citations in v2", IncidentSeverity.Critical), (changed.Title, changed.Severity));
        Assert.Equal(["interaction:abc", "label:7"], changed.Links.Select(l => l.ToString()));
        Assert.Equal(["opened", "updated", "updated", "linked", "note"], changed.Events.Select(e => e.Kind));
        Assert.Equal("Rolled back to v1.", changed.Events[^1].Text);
        Assert.All(changed.Events.Skip(1), e => Assert.Equal(s_start.AddHours(1), e.At));

        Clock.Now = s_start.AddHours(3);
        var resolved = await Store.ChangeAsync(opened.Id, new IncidentChange(Status: IncidentStatus.Resolved, SlippedPast: "12 answers no rule caught.",
            Actions: [new IncidentAction("Add a citation check", "dana", false), new IncidentAction("Roll back", null, true)]), s_lead, CancellationToken.None);
        Assert.NotNull(resolved);
        Assert.Equal((IncidentStatus.Resolved, (DateTimeOffset?)s_start.AddHours(3)), (resolved.Status, resolved.ResolvedAt));
        Assert.Equal("12 answers no rule caught.", resolved.PostMortem.SlippedPast);
        Assert.Equal([new IncidentAction("Add a citation check", "dana", false), new IncidentAction("Roll back", null, true)], resolved.PostMortem.Actions);
        AssertSame(resolved, await Store.GetAsync(opened.Id, CancellationToken.None));

        var reopened = await Store.ChangeAsync(opened.Id, new IncidentChange(Status: IncidentStatus.Open), s_lead, CancellationToken.None);
        Assert.Null(reopened!.ResolvedAt);

        var kinds = (await AuditEntriesAsync()).Select(e => e.Kind).ToList();
        Assert.Equal(["incident.opened", "incident.changed", "incident.changed", "incident.changed"], kinds);
        var verification = await AuditChain.VerifyAsync(Audit.ReadChainAsync(0, CancellationToken.None), CancellationToken.None);
        Assert.True(verification.Intact);
    }

    [Fact]
    public async Task A_change_that_changes_nothing_records_nothing_and_an_unknown_incident_is_null()
    {
        var opened = await OpenIncidentAsync(links: "interaction:abc");
        var same = await Store.ChangeAsync(opened.Id, new IncidentChange(Title: opened.Title, AddLinks: [Link("interaction:abc")], Note: "  "), s_lead, CancellationToken.None);

        AssertSame(opened, same);
        Assert.Single(await AuditEntriesAsync());
        Assert.Null(await Store.ChangeAsync(opened.Id + 1000, new IncidentChange(Note: "x"), s_lead, CancellationToken.None));
    }

    [Fact]
    public async Task The_list_filters_by_project_status_and_window_newest_first_and_pages_by_id()
    {
        var a = await OpenIncidentAsync(project: "p1", title: "a");
        Clock.Now = s_start.AddDays(1);
        var b = await OpenIncidentAsync(project: "p2", title: "b");
        await Store.ChangeAsync(a.Id, new IncidentChange(Status: IncidentStatus.Resolved), s_lead, CancellationToken.None);
        Clock.Now = s_start.AddDays(3);
        var c = await OpenIncidentAsync(project: "p1", title: "c");

        async Task<long[]> ListAsync(IncidentQuery query) => [.. (await Store.ListAsync(query, CancellationToken.None)).Select(i => i.Id)];

        Assert.Equal([c.Id, b.Id, a.Id], await ListAsync(new IncidentQuery()));
        Assert.Equal([c.Id, a.Id], await ListAsync(new IncidentQuery(Project: "p1")));
        Assert.Equal([c.Id, b.Id], await ListAsync(new IncidentQuery(Status: IncidentStatus.Open)));
        Assert.Equal([b.Id, a.Id], await ListAsync(new IncidentQuery(Before: c.Id)));
        Assert.Equal([c.Id], await ListAsync(new IncidentQuery(Max: 1)));
        // a was open from day 0 to day 1, b from day 1 on, c from day 3 on.
        Assert.Equal([b.Id, a.Id], await ListAsync(new IncidentQuery(From: s_start.AddHours(12), To: s_start.AddDays(2))));
        Assert.Equal([c.Id, b.Id], await ListAsync(new IncidentQuery(From: s_start.AddDays(2), To: s_start.AddDays(4))));
        Assert.Empty(await ListAsync(new IncidentQuery(From: s_start.AddDays(-2), To: s_start.AddDays(-1))));
        var listed = (await Store.ListAsync(new IncidentQuery(Project: "p2"), CancellationToken.None)).Single();
        AssertSame(await Store.GetAsync(b.Id, CancellationToken.None), listed);
    }

    [Fact]
    public async Task Concurrent_changes_from_two_nodes_are_all_kept()
    {
        var opened = await OpenIncidentAsync();
        var other = await OpenAnotherAsync();
        var notes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? Store : other)
            .ChangeAsync(opened.Id, new IncidentChange(Note: $"note {i}", AddLinks: [Link($"task:{i + 1}")]), s_lead, CancellationToken.None));
        await Task.WhenAll(notes);

        var read = await Store.GetAsync(opened.Id, CancellationToken.None);
        Assert.Equal(20, read!.Events.Count(e => e.Kind == "note"));
        Assert.Equal(20, read.Links.Count);
        Assert.Equal(read.Links.Count, read.Links.Distinct().Count());
        Assert.True((await AuditChain.VerifyAsync(Audit.ReadChainAsync(0, CancellationToken.None), CancellationToken.None)).Intact);
    }
}
