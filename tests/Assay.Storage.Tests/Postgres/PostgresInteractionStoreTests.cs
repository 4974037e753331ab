using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the interaction-store contract against the PostgreSQL store, each test on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The database is disposed in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresInteractionStoreTests : InteractionStoreContract
{
    private PostgresDatabase? _database;

    public override async Task InitializeAsync()
    {
        _database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    protected override IInteractionStore Open(TimeProvider clock) => new PostgresInteractionStore(_database!, clock);

    [Fact]
    public async Task The_search_row_is_written_with_the_processed_mark_not_with_the_append()
    {
        var fresh = Some.Parsed(response: "Ship it to Zanzibar tomorrow.");
        var resent = Some.Parsed();
        Assert.Equal([AppendStatus.Accepted, AppendStatus.Accepted], await Store.AppendAsync([fresh, resent], CancellationToken.None));
        // The slow path (a batch with a taken id, answered by INSERT … ON CONFLICT) writes none either.
        Assert.Equal([AppendStatus.Duplicate, AppendStatus.Accepted], await Store.AppendAsync([resent, Some.Parsed()], CancellationToken.None));
        Assert.Equal(0L, await SearchRowsAsync());
        var sequence = (await Store.GetAsync(fresh.Interaction.Id, CancellationToken.None))!.Stored.Sequence;

        await Store.CompleteAsync([Some.Result(sequence)], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(sequence) with { PolicyHash = "policy-b" }], CancellationToken.None);

        Assert.Equal(1L, await SearchRowsAsync());
        var found = await Store.QueryInteractionsAsync(new InteractionQuery(Text: "zanzibar"), CancellationToken.None);
        Assert.Equal([fresh.Interaction.Id], found.Items.Select(i => i.Stored.Interaction.Id));
    }

    private async Task<long> SearchRowsAsync()
    {
        await using var command = _database!.DataSource.CreateCommand("SELECT count(*) FROM interaction_search");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task ReindexAsync()
    {
        await using var command = _database!.DataSource.CreateCommand("DELETE FROM interaction_search; " + PostgresSearch.IndexMissing);
        await command.ExecuteNonQueryAsync();
    }
}
#pragma warning restore CA1001
