using System.Collections.Concurrent;
using Assay.Routing;
using Assay.Storage.Postgres;
using Npgsql;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Day partitions of <c>interactions</c> on a real server: the upgrade of a populated database, idempotency across partitions, and retention by dropping days.</summary>
public sealed class PostgresPartitionTests
{
    [Fact]
    public async Task MigrateAsync_converts_a_populated_database_to_day_partitions_keeping_every_row_reference_and_id()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await MigrateBeforePartitionsAsync(database);
        // Twelve interactions over three days, written as the schema before partitions had them, with a flag, routing and a task each.
        var items = Enumerable.Range(0, 12).Select(i => (Item: Some.Parsed(), Received: Some.Noon.AddDays(-(i % 3)).AddMinutes(i))).ToList();
        foreach (var (item, received) in items)
        {
            await ExecuteAsync(database, """
                INSERT INTO interactions (id, content_hash, occurred_at, received_at, model, project, body, processed_policy, processed_at)
                VALUES ($1, $2, $3, $3, 'atlas', 'support-bot', $4, 'policy-a', $3)
                """, item.Interaction.Id, item.ContentHash, received.ToUnixTimeMilliseconds(), item.CanonicalJson);
        }

        await ExecuteAsync(database, """
            INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
            SELECT seq, 'policy-a', 'pii-email', 'pii-leak', 2, occurred_at, $1 FROM interactions
            """, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Some.Flag("pii-email"), Json.AssayJsonContext.Default.Flag));
        await ExecuteAsync(database, """
            INSERT INTO routing SELECT seq, 'policy-a', 1, 1, 1, 1, 'flagged' FROM interactions;
            INSERT INTO review_tasks (interaction_seq, policy, tier, priority, required_labels, status, created_at, occurred_at)
            SELECT seq, 'policy-a', 1, 1, 1, 'open', 0, occurred_at FROM interactions;
            """);
        await ExecuteAsync(database, PostgresSearch.IndexMissing);
        const string Everything = "SELECT seq, id, content_hash, occurred_at, received_at, md5(body), processed_at FROM interactions ORDER BY seq";
        var before = await RowsAsync(database, Everything);

        await database.MigrateAsync(CancellationToken.None);

        Assert.Equal(before, await RowsAsync(database, Everything));
        Assert.Equal("p", await ScalarAsync(database, "SELECT relkind::text FROM pg_class WHERE relname = 'interactions'"));
        // Each row sits in its own day's partition.
        var placed = await RowsAsync(database, "SELECT tableoid::regclass::text, received_at FROM interactions");
        Assert.All(placed, r => Assert.Equal($"interactions_p{DateTimeOffset.FromUnixTimeMilliseconds((long)r[1]).UtcDateTime:yyyyMMdd}", r[0]));
        Assert.Equal(3, placed.Select(r => r[0]).Distinct().Count());
        Assert.Equal(12L, await ScalarAsync(database, "SELECT count(*) FROM interaction_ids d JOIN interactions i ON i.seq = d.seq AND i.id = d.id"));
        Assert.Equal((12L, 12L, 12L), ((long)(await ScalarAsync(database, "SELECT count(*) FROM flags"))!,
            (long)(await ScalarAsync(database, "SELECT count(*) FROM routing"))!, (long)(await ScalarAsync(database, "SELECT count(*) FROM review_tasks"))!));
        // Flags, routing, tasks, self-agreement, judge verdicts and the search index refer to the ids.
        Assert.Equal("flags,interaction_search,judge_verdicts,review_tasks,routing,self_agreement", await ScalarAsync(database,
            "SELECT string_agg(conrelid::regclass::text, ',' ORDER BY conrelid::regclass::text) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'interaction_ids'::regclass"));
        Assert.Equal(12, (await new PostgresInteractionStore(database, new ManualClock(Some.Noon))
            .QueryInteractionsAsync(new InteractionQuery(Text: "capital PARIS"), CancellationToken.None)).Items.Count);

        // Idempotency holds for the rows that were there, and new rows number on past them.
        var store = new PostgresInteractionStore(database, new ManualClock(Some.Noon.AddDays(1)));
        var old = items[4].Item;
        var fresh = Some.Parsed();
        var statuses = await store.AppendAsync([old, Some.Parsed(old.Interaction.Id, response: "Lyon."), fresh], CancellationToken.None);
        Assert.Equal(new[] { AppendStatus.Duplicate, AppendStatus.Conflict, AppendStatus.Accepted }, statuses);
        Assert.True((await store.GetAsync(fresh.Interaction.Id, CancellationToken.None))!.Stored.Sequence > before.Max(r => (long)r[0]));
        var kept = await store.GetAsync(old.Interaction.Id, CancellationToken.None);
        Assert.Equal(old.ContentHash, kept!.Stored.ContentHash);
        Assert.Single(kept.Flags);
    }

    [Fact]
    public async Task AppendAsync_finds_the_duplicate_and_the_conflict_of_an_interaction_stored_in_an_older_day_partition()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(Some.Noon.AddDays(-5));
        var store = new PostgresInteractionStore(database, clock);
        var item = Some.Parsed();
        Assert.Equal(new[] { AppendStatus.Accepted }, await store.AppendAsync([item], CancellationToken.None));
        clock.Now = Some.Noon;
        var other = new PostgresInteractionStore(database, clock);

        var statuses = await Task.WhenAll(
            store.AppendAsync([item], CancellationToken.None),
            other.AppendAsync([Some.Parsed(item.Interaction.Id, response: "Lyon.")], CancellationToken.None));

        Assert.Equal(new[] { AppendStatus.Duplicate }, statuses[0]);
        Assert.Equal(new[] { AppendStatus.Conflict }, statuses[1]);
        Assert.Equal(1, (await store.CountAsync(CancellationToken.None)).Interactions);
        Assert.Equal($"interactions_p{Some.Noon.AddDays(-5):yyyyMMdd}", await ScalarAsync(database, "SELECT tableoid::regclass::text FROM interactions"));
        // The day of the second append and the two after it were made by the store itself.
        var names = await PartitionsAsync(database);
        Assert.Superset(Enumerable.Range(0, 3).Select(d => $"interactions_p{Some.Noon.AddDays(d):yyyyMMdd}").ToHashSet(), names);
    }

    [Fact]
    public async Task A_row_of_a_day_without_a_partition_waits_in_the_default_partition_and_moves_into_its_day_when_that_is_made()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        var today = DateTimeOffset.UtcNow;
        Assert.Superset(Enumerable.Range(0, 3).Select(d => $"interactions_p{today.AddDays(d):yyyyMMdd}").ToHashSet(), await PartitionsAsync(database));
        var later = Some.Noon.AddDays(400);
        await ExecuteAsync(database, """
            INSERT INTO interactions (id, content_hash, occurred_at, received_at, model, body) VALUES ('late', 'h', $1, $1, 'atlas', '\x7b7d')
            """, later.ToUnixTimeMilliseconds());
        var seq = await ScalarAsync(database, "SELECT seq FROM interactions_default WHERE id = 'late'");

        Assert.True(await PostgresPartitions.EnsureAsync(database.DataSource, later, CancellationToken.None));

        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM interactions_default"));
        Assert.Equal(new object[] { $"interactions_p{later:yyyyMMdd}", seq! },
            Assert.Single(await RowsAsync(database, "SELECT tableoid::regclass::text, seq FROM interactions")));
    }

    [Fact]
    public async Task PruneAsync_drops_the_partitions_of_whole_old_days_keeps_reviewed_interactions_and_logs_each_drop()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(Some.Noon.AddDays(-40));
        var store = new PostgresInteractionStore(database, clock);
        var reviews = new PostgresReviewStore(database, clock);
        var old = new List<string>();
        for (var i = 0; i < 3; i++)
            old.Add(await ProcessedAsync(store, clock, selected: i == 0));
        var reviewed = await ProcessedAsync(store, clock, selected: true);
        var task = Assert.Single((await reviews.ListTasksAsync("*", null, reviewed, 0, 10, CancellationToken.None)).Tasks).TaskId;
        await reviews.SubmitLabelAsync(task, "alice", Some.Verdict("pii-leak"), 10, "*", CancellationToken.None);
        clock.Now = Some.Noon.AddDays(-39);
        old.Add(await ProcessedAsync(store, clock, selected: false));
        // Six hours before the boundary, but its day is not wholly past it: it waits for the next day's run.
        clock.Now = Some.Noon.AddDays(-30).AddHours(-6);
        var sameDay = await ProcessedAsync(store, clock, selected: false);
        clock.Now = Some.Noon;
        var recent = await ProcessedAsync(store, clock, selected: true);
        var log = new ConcurrentQueue<string>();
        var retention = new PostgresRetention(database, clock, log.Enqueue);

        var report = await retention.PruneAsync(Some.Noon.AddDays(-30), includeReviewed: false, batch: 2, CancellationToken.None);

        Assert.Equal(new RetentionReport(Some.Noon.AddDays(-30), Interactions: 4, Flags: 4, SelfAgreement: 0, Routing: 4, Tasks: 1, Labels: 0, Adjudications: 0, KeptReviewed: 1), report);
        var names = await PartitionsAsync(database);
        Assert.DoesNotContain($"interactions_p{Some.Noon.AddDays(-40):yyyyMMdd}", names);
        Assert.DoesNotContain($"interactions_p{Some.Noon.AddDays(-39):yyyyMMdd}", names);
        Assert.Contains($"interactions_p{Some.Noon.AddDays(-30):yyyyMMdd}", names);
        Assert.Contains($"interactions_p{Some.Noon:yyyyMMdd}", names);
        Assert.Equal(0L, await ScalarAsync(database, $"SELECT count(*) FROM pg_class WHERE relname < 'interactions_p{Some.Noon.AddDays(-30):yyyyMMdd}' AND relname LIKE 'interactions_p%' AND relkind = 'r'"));
        Assert.Contains(log, l => l.StartsWith($"dropped partition interactions_p{Some.Noon.AddDays(-40):yyyyMMdd}", StringComparison.Ordinal)
            && l.Contains("3 interactions deleted by this run, 1 kept moved to interactions_default", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith($"dropped partition interactions_p{Some.Noon.AddDays(-39):yyyyMMdd}", StringComparison.Ordinal)
            && l.Contains("1 interactions deleted by this run, 0 kept", StringComparison.Ordinal));
        foreach (var id in old)
            Assert.Null(await store.GetAsync(id, CancellationToken.None));
        var kept = await store.GetAsync(reviewed, CancellationToken.None);
        Assert.Single(kept!.Flags);
        Assert.Single(await reviews.LabelsAsync(task, "*", CancellationToken.None));
        Assert.Equal("interactions_default", await ScalarAsync(database, "SELECT tableoid::regclass::text FROM interactions WHERE id = $1", reviewed));
        Assert.NotNull(await store.GetAsync(sameDay, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(recent, CancellationToken.None));
        Assert.Equal(new StoreCounts(3, 3, 3), await store.CountAsync(CancellationToken.None));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM interaction_ids d WHERE NOT EXISTS (SELECT 1 FROM interactions i WHERE i.seq = d.seq)"));
        // Past retention, an id is new again.
        Assert.Equal(new[] { AppendStatus.Accepted }, await store.AppendAsync([Some.Parsed(old[0])], CancellationToken.None));

        // The next day's run takes the day the boundary fell in; reviewed ones then go from the default partition by rows.
        var next = await retention.PruneAsync(Some.Noon.AddDays(-29), includeReviewed: true, batch: 10, CancellationToken.None);

        Assert.Equal((2L, 1L, 1L), (next.Interactions, next.Tasks, next.Labels));
        Assert.Null(await store.GetAsync(sameDay, CancellationToken.None));
        Assert.Null(await store.GetAsync(reviewed, CancellationToken.None));
        Assert.DoesNotContain($"interactions_p{Some.Noon.AddDays(-30):yyyyMMdd}", await PartitionsAsync(database));
    }

    [Fact]
    public async Task AppendAsync_copies_new_ids_and_rows_together_and_a_taken_id_falls_back_leaving_no_trace_of_the_copy()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(Some.Noon.AddDays(-3));
        var store = new PostgresInteractionStore(database, clock);
        var first = Enumerable.Range(0, 3).Select(_ => Some.Parsed()).ToList();
        Assert.Equal(Enumerable.Repeat(AppendStatus.Accepted, 3), await store.AppendAsync(first, CancellationToken.None));
        // All new: the fast path took one sequence number per row, in batch order, the same in both tables.
        Assert.Equal(first.Select(f => (object)f.Interaction.Id).ToList(),
            (await RowsAsync(database, "SELECT d.id FROM interaction_ids d JOIN interactions i USING (seq, id, received_at) ORDER BY seq")).Select(r => r[0]).ToList());
        clock.Now = Some.Noon;
        var other = new PostgresInteractionStore(database, clock);
        var fresh = Some.Parsed(response: "Quokkas live on Rottnest.");

        // A batch holding an id stored days ago (in interaction_ids, in an older partition): the COPY fails on it and the
        // INSERT ... ON CONFLICT path tells each row's status.
        var statuses = await other.AppendAsync([fresh, first[1], Some.Parsed(first[2].Interaction.Id, response: "Lyon.")], CancellationToken.None);

        Assert.Equal(new[] { AppendStatus.Accepted, AppendStatus.Duplicate, AppendStatus.Conflict }, statuses);
        Assert.Equal(4L, await ScalarAsync(database, "SELECT count(*) FROM interaction_ids"));
        Assert.Equal(4L, await ScalarAsync(database, "SELECT count(*) FROM interaction_ids d JOIN interactions i USING (seq, id, content_hash, received_at)"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM interaction_search"));
        // Searchable once processed: the search row comes with the processed mark.
        await other.CompleteAsync([.. (await other.ReadUnprocessedAsync(10, CancellationToken.None)).Select(s => Some.Result(s.Sequence))], CancellationToken.None);
        Assert.Equal(4L, await ScalarAsync(database, "SELECT count(*) FROM interaction_search s JOIN interaction_ids d USING (seq)"));
        Assert.Equal($"interactions_p{Some.Noon:yyyyMMdd}", await ScalarAsync(database, "SELECT tableoid::regclass::text FROM interactions WHERE id = $1", fresh.Interaction.Id));
        Assert.Equal([fresh.Interaction.Id], (await other.QueryInteractionsAsync(new InteractionQuery(Text: "quokkas"), CancellationToken.None)).Items.Select(i => i.Stored.Interaction.Id));
        Assert.Equal("The capital of France is Paris.", (await other.GetAsync(first[2].Interaction.Id, CancellationToken.None))!.Stored.Interaction.Response);
    }

    [Fact]
    public async Task AppendAsync_of_one_new_id_on_two_nodes_at_once_by_copy_accepts_it_once()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(Some.Noon);
        var nodes = Enumerable.Range(0, 4).Select(_ => new PostgresInteractionStore(database, clock)).ToList();
        for (var round = 0; round < 20; round++)
        {
            // Each node's batch is all new to it (so it tries the COPY), but every batch holds the same shared id.
            var shared = Some.Parsed();
            var statuses = await Task.WhenAll(nodes.Select(n => n.AppendAsync([Some.Parsed(), shared], CancellationToken.None)));

            Assert.All(statuses, s => Assert.Equal(AppendStatus.Accepted, s[0]));
            Assert.Single(statuses, s => s[1] == AppendStatus.Accepted);
            Assert.Equal(3, statuses.Count(s => s[1] == AppendStatus.Duplicate));
        }

        Assert.Equal(100L, await ScalarAsync(database, "SELECT count(*) FROM interaction_ids d JOIN interactions i USING (seq, id, received_at)"));
        Assert.Equal(100L, await ScalarAsync(database, "SELECT count(*) FROM interactions"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM interaction_search"));
    }

    [Fact]
    public async Task PruneAsync_takes_the_search_rows_of_dropped_days_and_kept_reviewed_interactions_stay_findable()
    {
        await using var database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await database.MigrateAsync(CancellationToken.None);
        var clock = new ManualClock(Some.Noon.AddDays(-40));
        var store = new PostgresInteractionStore(database, clock);
        var reviews = new PostgresReviewStore(database, clock);
        var dropped = new[] { await ProcessedAsync(store, clock, selected: false, "Wombats dig burrows."), await ProcessedAsync(store, clock, selected: true, "Wombats sleep.") };
        var reviewed = await ProcessedAsync(store, clock, selected: true, "Wombats and quolls.");
        var task = Assert.Single((await reviews.ListTasksAsync("*", null, reviewed, 0, 10, CancellationToken.None)).Tasks).TaskId;
        await reviews.SubmitLabelAsync(task, "alice", Some.Verdict(), 10, "*", CancellationToken.None);
        clock.Now = Some.Noon;
        var recent = await ProcessedAsync(store, clock, selected: false, "Wombats today.");
        async Task<IEnumerable<string>> FindAsync(string words) =>
            (await store.QueryInteractionsAsync(new InteractionQuery(Text: words), CancellationToken.None)).Items.Select(i => i.Stored.Interaction.Id).Order();
        Assert.Equal(dropped.Append(reviewed).Append(recent).Order(), await FindAsync("wombats"));

        await new PostgresRetention(database, clock).PruneAsync(Some.Noon.AddDays(-30), includeReviewed: false, batch: 1, CancellationToken.None);

        Assert.DoesNotContain($"interactions_p{Some.Noon.AddDays(-40):yyyyMMdd}", await PartitionsAsync(database));
        Assert.Equal(new[] { reviewed, recent }.Order(), await FindAsync("wombats"));
        Assert.Empty(await FindAsync("burrows"));
        Assert.Equal([reviewed], await FindAsync("quolls"));
        // Nothing indexed is left without its interaction, and nothing kept lost its index.
        Assert.Equal(2L, await ScalarAsync(database, "SELECT count(*) FROM interaction_search"));
        Assert.Equal(2L, await ScalarAsync(database, "SELECT count(*) FROM interaction_search s JOIN interactions i USING (seq)"));

        await new PostgresRetention(database, clock).PruneAsync(Some.Noon.AddDays(-30), includeReviewed: true, batch: 10, CancellationToken.None);

        Assert.Equal([recent], await FindAsync("wombats"));
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM interaction_search"));
    }

    /// <summary>Appends one interaction now (by the clock) and processes it: a flag, routing, and a task when selected.</summary>
    private static async Task<string> ProcessedAsync(PostgresInteractionStore store, ManualClock clock, bool selected, string response = "The capital of France is Paris.")
    {
        var item = Some.Parsed(at: clock.Now, response: response);
        await store.AppendAsync([item], CancellationToken.None);
        var sequence = (await store.GetAsync(item.Interaction.Id, CancellationToken.None))!.Stored.Sequence;
        var decision = new RoutingDecision(Tier.Flagged, 1, selected, 1, "flagged", selected ? 1 : 0);
        await store.CompleteAsync([new ProcessingResult(sequence, "policy-a", [Some.Flag("pii-email")], [], decision)], CancellationToken.None);
        return item.Interaction.Id;
    }

    /// <summary>Applies every schema step that came before day partitions, as a database made by an earlier Assay has them.</summary>
    private static async Task MigrateBeforePartitionsAsync(PostgresDatabase database)
    {
        await ExecuteAsync(database, "CREATE TABLE schema_migrations (module text PRIMARY KEY, version integer NOT NULL)");
        foreach (var (module, steps) in PostgresSchema.Modules)
        {
            var upTo = module is "retention" or "search" ? 1 : steps.Length;
            foreach (var step in steps.Take(upTo))
                await ExecuteAsync(database, step);
            await ExecuteAsync(database, "INSERT INTO schema_migrations VALUES ($1, $2)", module, upTo);
        }
    }

    private static async Task<HashSet<string>> PartitionsAsync(PostgresDatabase database) =>
        (await RowsAsync(database, "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'interactions'::regclass"))
            .Select(r => (string)r[0]).ToHashSet(StringComparer.Ordinal);

    private static async Task ExecuteAsync(PostgresDatabase database, string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(PostgresDatabase database, string sql, params object[] values)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<object[]>> RowsAsync(PostgresDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}
