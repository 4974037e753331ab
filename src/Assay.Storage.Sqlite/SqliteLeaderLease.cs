namespace Assay.Storage.Sqlite;

/// <summary>A role held by <paramref name="owner"/>'s lease row in <paramref name="leadership"/>'s file.</summary>
internal sealed class SqliteLeaderLease(SqliteLeadership leadership, string role, string owner) : ILeaderLease
{
    public string Role => role;

    public Task<bool> RenewAsync(CancellationToken cancellationToken) => leadership.RenewAsync(role, owner, cancellationToken);

    public async ValueTask DisposeAsync() => await leadership.ReleaseAsync(role, owner);
}
