using Assay.Audit;
using Assay.Policy;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IPolicyStore"/> must have; each store's tests derive from it.</summary>
public abstract class PolicyStoreContract : IAsyncLifetime
{
    private static readonly AuditActor s_admin = AuditActor.Key("k1", "ops admin");

    /// <summary>The migrated store under test.</summary>
    protected IPolicyStore Store { get; private set; } = null!;

    /// <summary>Opens and migrates a store over this test's own storage.</summary>
    protected abstract Task<IPolicyStore> OpenAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public abstract Task DisposeAsync();

    private Task<PolicyVersion> AddAsync(string yaml, string source = "upload") =>
        Store.AddAsync(PolicyLoader.Hash(yaml), yaml, source, s_admin, CancellationToken.None);

    [Fact]
    public async Task A_version_keeps_its_text_and_a_second_upload_of_the_same_text_keeps_the_first()
    {
        var first = await AddAsync("version: 1\n", "a.yaml");
        var again = await Store.AddAsync(first.Hash, "version: 1\n", "b.yaml", AuditActor.System, CancellationToken.None);

        Assert.Equal((first.Id, first.Hash, first.UploadedAt), (again.Id, again.Hash, again.UploadedAt));
        Assert.Equal("a.yaml", again.Source);
        Assert.Equal(s_admin, again.UploadedBy);
        Assert.Equal("version: 1\n", await Store.TextAsync(first.Hash, CancellationToken.None));
        Assert.Null(await Store.TextAsync(new string('0', 64), CancellationToken.None));
    }

    [Fact]
    public async Task The_latest_activation_is_active_and_an_unknown_hash_is_not_activated()
    {
        Assert.Null(await Store.ActiveAsync(CancellationToken.None));
        var a = await AddAsync("a: 1\n");
        var b = await AddAsync("b: 1\n");

        var first = await Store.ActivateAsync(a.Hash, AuditActor.System, CancellationToken.None);
        var second = await Store.ActivateAsync(b.Hash, s_admin, CancellationToken.None);
        var unknown = await Store.ActivateAsync(new string('f', 64), s_admin, CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(unknown);
        Assert.True(second.Id > first.Id);
        Assert.Equal(second, await Store.ActiveAsync(CancellationToken.None));
        var back = await Store.ActivateAsync(a.Hash, s_admin, CancellationToken.None);
        Assert.Equal(a.Hash, (await Store.ActiveAsync(CancellationToken.None))!.Hash);
        Assert.Equal(back, await Store.ActiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_list_is_newest_first_with_each_versions_activations_and_pages_by_id()
    {
        var versions = new List<PolicyVersion>();
        for (var i = 0; i < 5; i++)
            versions.Add(await AddAsync($"v: {i}\n"));
        await Store.ActivateAsync(versions[1].Hash, s_admin, CancellationToken.None);
        await Store.ActivateAsync(versions[3].Hash, AuditActor.System, CancellationToken.None);
        await Store.ActivateAsync(versions[1].Hash, s_admin, CancellationToken.None);

        var page1 = await Store.ListAsync(3, null, CancellationToken.None);
        var page2 = await Store.ListAsync(3, page1[^1].Id, CancellationToken.None);

        Assert.Equal([.. versions.Select(v => v.Hash).Reverse()], page1.Concat(page2).Select(v => v.Hash));
        var one = page2.Single(v => v.Hash == versions[1].Hash);
        Assert.Equal(2, one.Activations.Count);
        Assert.True(one.Activations[0].Id < one.Activations[1].Id);
        Assert.All(one.Activations, a => Assert.Equal(s_admin, a.ActivatedBy));
        Assert.Equal(AuditActor.System, Assert.Single(page1.Single(v => v.Hash == versions[3].Hash).Activations).ActivatedBy);
        Assert.Empty(page1.Single(v => v.Hash == versions[4].Hash).Activations);
    }
}
