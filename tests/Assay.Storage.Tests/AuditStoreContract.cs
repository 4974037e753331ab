using System.Text.Json.Nodes;
using Assay.Audit;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IAuditStore"/> must have, including that tampering with its tables is caught.</summary>
public abstract class AuditStoreContract : IAsyncLifetime
{
    private static readonly AuditActor s_lead = AuditActor.Key("k-lead", "Lead");

    protected IAuditStore Store { get; private set; } = null!;

    /// <summary>Opens and migrates a store over this test's own storage.</summary>
    protected abstract Task<IAuditStore> OpenAsync();

    /// <summary>A second store over the same storage, as another node (or process) would open it.</summary>
    protected abstract Task<IAuditStore> OpenAnotherAsync();

    /// <summary>Runs SQL straight against the storage, as someone with access to the database files would.</summary>
    protected abstract Task ExecuteAsync(string sql);

    public async Task InitializeAsync() => Store = await OpenAsync();

    public abstract Task DisposeAsync();

    private static AuditRecord Record(int n, AuditActor? actor = null) =>
        AuditRecord.Create(actor ?? AuditActor.System, "test.event", [$"item:{n}", "shared"], new JsonObject { ["n"] = n, ["text"] = "é\n\"" });

    private async Task AppendAsync(int count)
    {
        for (var i = 1; i <= count; i++)
            await Store.AppendAsync(Record(i, i % 2 == 0 ? s_lead : null), CancellationToken.None);
    }

    private async Task<AuditVerification> VerifyAsync() =>
        await AuditChain.VerifyAsync(Store.ReadChainAsync(0, CancellationToken.None), CancellationToken.None);

    [Fact]
    public async Task AppendAsync_links_each_entry_to_the_one_before()
    {
        var first = await Store.AppendAsync(Record(1), CancellationToken.None);
        var second = await Store.AppendAsync(Record(2, s_lead), CancellationToken.None);

        Assert.Equal((1, AuditChain.Genesis), (first.Seq, first.PreviousHash));
        Assert.Equal((2, first.Hash), (second.Seq, second.PreviousHash));
        Assert.Equal(second, await Store.HeadAsync(CancellationToken.None));
        Assert.Equal(first.Hash, await Store.HashAtAsync(1, CancellationToken.None));
        Assert.Null(await Store.HashAtAsync(3, CancellationToken.None));
        var verification = await VerifyAsync();
        Assert.True(verification.Intact);
        Assert.Equal((2, second.Hash), (verification.HeadSeq, verification.HeadHash));
    }

    [Fact]
    public async Task HeadBeforeAsync_is_the_last_entry_written_before_a_time()
    {
        var first = await Store.AppendAsync(Record(1), CancellationToken.None);
        await Task.Delay(20);
        var second = await Store.AppendAsync(Record(2), CancellationToken.None);

        Assert.Null(await Store.HeadBeforeAsync(first.Time, CancellationToken.None));
        Assert.Equal(first, await Store.HeadBeforeAsync(second.Time, CancellationToken.None));
        Assert.Equal(second, await Store.HeadBeforeAsync(second.Time.AddMilliseconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_from_two_stores_at_once_keeps_one_linear_chain()
    {
        var other = await OpenAnotherAsync();
        var writes = Enumerable.Range(1, 40).Select(i => (i % 2 == 0 ? Store : other).AppendAsync(Record(i), CancellationToken.None));

        await Task.WhenAll(writes);

        var verification = await VerifyAsync();
        Assert.True(verification.Intact, verification.Detail);
        Assert.Equal(40, verification.HeadSeq);
    }

    [Fact]
    public async Task Verify_names_an_edited_entry()
    {
        await AppendAsync(6);

        await ExecuteAsync("UPDATE audit_log SET payload = '{\"n\":99}' WHERE seq = 3");

        var verification = await VerifyAsync();
        Assert.Equal((AuditBreak.Edited, 3L, 2L), (verification.Break!.Value, verification.BrokenSeq!.Value, verification.HeadSeq));
    }

    [Fact]
    public async Task Verify_names_a_deleted_entry()
    {
        await AppendAsync(6);

        await ExecuteAsync("DELETE FROM audit_log WHERE seq = 3");

        var verification = await VerifyAsync();
        Assert.Equal((AuditBreak.Deleted, 4L), (verification.Break!.Value, verification.BrokenSeq!.Value));
    }

    [Fact]
    public async Task Verify_names_a_reordering()
    {
        await AppendAsync(6);

        await ExecuteAsync("UPDATE audit_log SET seq = -4 WHERE seq = 4");
        await ExecuteAsync("UPDATE audit_log SET seq = 4 WHERE seq = 3");
        await ExecuteAsync("UPDATE audit_log SET seq = 3 WHERE seq = -4");

        var verification = await VerifyAsync();
        Assert.Equal((AuditBreak.Reordered, 3L), (verification.Break!.Value, verification.BrokenSeq!.Value));
    }

    [Fact]
    public async Task Verify_names_an_insertion_even_when_the_forged_entry_is_hashed_correctly()
    {
        await AppendAsync(6);
        var third = (await Store.HashAtAsync(3, CancellationToken.None))!;
        var forged = AuditChain.Link(4, DateTimeOffset.UnixEpoch, third, Record(99));

        // Make room after entry 3 (in two steps, so no statement ever sees two rows with one seq), then slip the forgery in.
        await ExecuteAsync("UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 4");
        await ExecuteAsync("UPDATE audit_log SET seq = -seq WHERE seq < 0");
        await ExecuteAsync($"""
            INSERT INTO audit_log (seq, at, actor_key, actor_name, kind, subjects, payload, prev_hash, hash)
            VALUES (4, 0, NULL, 'system', '{forged.Kind}', '{forged.Subjects}', '{forged.Payload.Replace("'", "''", StringComparison.Ordinal)}', '{forged.PreviousHash}', '{forged.Hash}')
            """);

        var verification = await VerifyAsync();
        Assert.Equal((AuditBreak.Inserted, 4L), (verification.Break!.Value, verification.BrokenSeq!.Value));
    }

    [Fact]
    public async Task QueryAsync_filters_by_actor_subject_and_time_and_pages_with_a_cursor()
    {
        await AppendAsync(5);

        var lead = await Store.QueryAsync(new AuditQuery(null, null, "k-lead", null, null, 10), CancellationToken.None);
        var system = await Store.QueryAsync(new AuditQuery(null, null, "system", null, null, 10), CancellationToken.None);
        var item = await Store.QueryAsync(new AuditQuery(null, null, null, "item:3", null, 10), CancellationToken.None);
        var future = await Store.QueryAsync(new AuditQuery(DateTimeOffset.UtcNow.AddHours(1), null, null, null, null, 10), CancellationToken.None);
        var first = await Store.QueryAsync(new AuditQuery(null, null, null, "shared", null, 2), CancellationToken.None);
        var second = await Store.QueryAsync(new AuditQuery(null, null, null, "shared", first.Next, 2), CancellationToken.None);

        Assert.Equal([2L, 4L], lead.Items.Select(e => e.Seq));
        Assert.Equal([1L, 3L, 5L], system.Items.Select(e => e.Seq));
        Assert.Equal(3, Assert.Single(item.Items).Seq);
        Assert.Empty(future.Items);
        Assert.Equal([1L, 2L], first.Items.Select(e => e.Seq));
        Assert.Equal([3L, 4L], second.Items.Select(e => e.Seq));
        Assert.NotNull(second.Next);
    }
}
