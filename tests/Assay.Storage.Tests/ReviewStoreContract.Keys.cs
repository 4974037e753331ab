using Assay.Review;

namespace Assay.Storage.Tests;

/// <summary>The key side of the contract: keys are stored with a secret hash, listed per project, revoked once, touched coarsely.</summary>
public abstract partial class ReviewStoreContract
{
    [Fact]
    public async Task CreateKeyAsync_then_FindKeyAsync_returns_the_key_and_its_secret_hash()
    {
        var key = Key("k-alice", Main, Role.Reviewer) with { ExpiresAt = Some.Noon.AddDays(30) };
        await Store.CreateKeyAsync(key, "hash-of-alice", CancellationToken.None);

        var found = await Store.FindKeyAsync("k-alice", CancellationToken.None);

        Assert.Equal((key, "hash-of-alice"), found);
        Assert.Null(await Store.FindKeyAsync("k-nobody", CancellationToken.None));
    }

    [Fact]
    public async Task FindKeyAsync_returns_a_revoked_key_with_its_revocation_time()
    {
        await Store.CreateKeyAsync(Key("k-1", All, Role.Admin), "hash", CancellationToken.None);
        await Store.RevokeKeyAsync("k-1", Some.Noon.AddHours(3), CancellationToken.None);

        var found = await Store.FindKeyAsync("k-1", CancellationToken.None);

        Assert.Equal(Some.Noon.AddHours(3), found!.Value.Key.RevokedAt);
    }

    [Fact]
    public async Task ListKeysAsync_all_projects_lists_every_key_oldest_first()
    {
        await Store.CreateKeyAsync(Key("k-b", Main, Role.Lead, minutes: 2), "h", CancellationToken.None);
        await Store.CreateKeyAsync(Key("k-a", All, Role.Admin, minutes: 1), "h", CancellationToken.None);
        await Store.CreateKeyAsync(Key("k-c", Other, Role.Ingest, minutes: 3), "h", CancellationToken.None);

        var keys = await Store.ListKeysAsync(All, null, 100, CancellationToken.None);

        Assert.Equal(["k-a", "k-b", "k-c"], keys.Select(k => k.KeyId));
        Assert.Equal([Role.Admin, Role.Lead, Role.Ingest], keys.Select(k => k.Role));
    }

    [Fact]
    public async Task ListKeysAsync_after_a_key_pages_on_in_creation_order_without_gaps_or_repeats()
    {
        for (var i = 0; i < 5; i++)
            await Store.CreateKeyAsync(new ApiKey($"k-{i}", $"holder {i}", Role.Reviewer, Main, Some.Noon.AddMinutes(i), null), "hash", CancellationToken.None);

        var first = await Store.ListKeysAsync(Main, null, 2, CancellationToken.None);
        var second = await Store.ListKeysAsync(Main, first[^1].KeyId, 2, CancellationToken.None);
        var last = await Store.ListKeysAsync(Main, second[^1].KeyId, 2, CancellationToken.None);

        Assert.Equal(["k-0", "k-1", "k-2", "k-3", "k-4"], first.Concat(second).Concat(last).Select(k => k.KeyId));
    }

    [Fact]
    public async Task ListKeysAsync_project_lists_only_its_own_keys_never_global_ones()
    {
        await Store.CreateKeyAsync(Key("k-global", All, Role.Admin), "h", CancellationToken.None);
        await Store.CreateKeyAsync(Key("k-mine", Main, Role.Reviewer, minutes: 1), "h", CancellationToken.None);
        await Store.CreateKeyAsync(Key("k-theirs", Other, Role.Reviewer, minutes: 2), "h", CancellationToken.None);

        Assert.Equal(["k-mine"], (await Store.ListKeysAsync(Main, null, 100, CancellationToken.None)).Select(k => k.KeyId));
        Assert.Equal(["k-theirs"], (await Store.ListKeysAsync(Other, null, 100, CancellationToken.None)).Select(k => k.KeyId));
        Assert.Empty(await Store.ListKeysAsync("no-such-project", null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeKeyAsync_revokes_once_and_a_second_revoke_is_false()
    {
        await Store.CreateKeyAsync(Key("k-1", Main, Role.Reviewer), "h", CancellationToken.None);

        Assert.True(await Store.RevokeKeyAsync("k-1", Some.Noon.AddHours(1), CancellationToken.None));
        Assert.False(await Store.RevokeKeyAsync("k-1", Some.Noon.AddHours(2), CancellationToken.None));
        Assert.False(await Store.RevokeKeyAsync("k-nobody", Some.Noon, CancellationToken.None));
        Assert.Equal(Some.Noon.AddHours(1), Assert.Single(await Store.ListKeysAsync(Main, null, 100, CancellationToken.None)).RevokedAt);
    }

    [Fact]
    public async Task TouchKeyAsync_writes_last_used_at_at_most_once_per_resolution()
    {
        await Store.CreateKeyAsync(Key("k-1", Main, Role.Reviewer), "h", CancellationToken.None);
        var first = Some.Noon.AddMinutes(5);

        await Store.TouchKeyAsync("k-1", first, CancellationToken.None);
        var afterFirst = await LastUsedAsync("k-1");
        await Store.TouchKeyAsync("k-1", first + ApiKey.LastUsedResolution - TimeSpan.FromSeconds(1), CancellationToken.None);
        var withinResolution = await LastUsedAsync("k-1");
        await Store.TouchKeyAsync("k-1", first + ApiKey.LastUsedResolution, CancellationToken.None);
        var afterResolution = await LastUsedAsync("k-1");

        Assert.Equal(first, afterFirst);
        Assert.Equal(first, withinResolution);
        Assert.Equal(first + ApiKey.LastUsedResolution, afterResolution);
    }

    [Fact]
    public async Task TouchKeyAsync_touches_only_that_key()
    {
        await Store.CreateKeyAsync(Key("k-1", Main, Role.Reviewer), "h", CancellationToken.None);
        await Store.CreateKeyAsync(Key("k-2", Main, Role.Reviewer, minutes: 1), "h", CancellationToken.None);

        await Store.TouchKeyAsync("k-2", Some.Noon.AddMinutes(5), CancellationToken.None);
        await Store.TouchKeyAsync("k-nobody", Some.Noon.AddMinutes(5), CancellationToken.None);

        Assert.Null(await LastUsedAsync("k-1"));
        Assert.Equal(Some.Noon.AddMinutes(5), await LastUsedAsync("k-2"));
    }

    private static ApiKey Key(string id, string project, Role role, int minutes = 0) =>
        new(id, $"holder of {id}", role, project, Some.Noon.AddMinutes(minutes), null);

    private async Task<DateTimeOffset?> LastUsedAsync(string keyId) => (await Store.FindKeyAsync(keyId, CancellationToken.None))!.Value.Key.LastUsedAt;
}
