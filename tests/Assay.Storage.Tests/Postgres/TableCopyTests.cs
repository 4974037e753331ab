using System.Globalization;
using Assay.Monitoring;
using Assay.Review;
using Assay.Routing;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests.Postgres;

/// <summary><see cref="TableCopy"/> between the engines: SQLite into PostgreSQL and back gives the same rows, ids and links.</summary>
public sealed class TableCopyTests : IDisposable
{
    private readonly TempDatabase _first = new();
    private readonly TempDatabase _second = new();

    [Fact]
    public async Task RunAsync_sqlite_to_postgres_and_back_keeps_every_row_and_id_and_numbering_continues_past_them()
    {
        await FillAsync(_first.Path);
        var postgres = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();

        var there = await CopyAsync(await SqliteTableSource.OpenAsync(_first.Path, CancellationToken.None), await PostgresTableSink.OpenAsync(postgres, CancellationToken.None));
        var back = await CopyAsync(await PostgresTableSource.OpenAsync(postgres, CancellationToken.None), await SqliteTableSink.OpenAsync(_second.Path, CancellationToken.None));

        Assert.False(there.Refused);
        Assert.All(there.Tables, t => Assert.Equal(t.Source, t.Copied));
        Assert.Equal(there.Tables, back.Tables);
        Assert.All(there.Tables, t => Assert.True(t.Copied > 0, $"{t.Table} is empty in the test data"));
        await using (var original = await SqliteTableSource.OpenAsync(_first.Path, CancellationToken.None))
        await using (var copied = await SqliteTableSource.OpenAsync(_second.Path, CancellationToken.None))
        {
            foreach (var table in PortableTables.All)
                Assert.Equal(await RowsAsync(original, table), await RowsAsync(copied, table));
        }

        // The identity sequences were moved past the copied ids: new rows take the next ones, nothing collides.
        await using var database = new PostgresDatabase(postgres);
        await using var store = new PostgresInteractionStore(database, TimeProvider.System);
        var item = Some.Parsed();
        Assert.Equal([AppendStatus.Accepted], await store.AppendAsync([item], CancellationToken.None));
        var maxSeq = there.Tables.Single(t => t.Table == "interactions").Copied;
        Assert.Equal(maxSeq + 1, (await store.GetAsync(item.Interaction.Id, CancellationToken.None))!.Stored.Sequence);
        var alerts = new PostgresAlertStore(database, TimeProvider.System);
        // A rule with no open alert, so that the store records the firing (a second firing of an open alert records nothing).
        Assert.Equal(3, await alerts.AddEventAsync(new Alert("drift", "*", AlertState.Firing, Some.Noon, null, 0.4, "new"), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_into_a_database_that_holds_data_copies_nothing_and_names_the_table()
    {
        await FillAsync(_first.Path);
        await FillAsync(_second.Path);
        var before = new FileInfo(_second.Path).Length;

        var report = await CopyAsync(await SqliteTableSource.OpenAsync(_first.Path, CancellationToken.None), await SqliteTableSink.OpenAsync(_second.Path, CancellationToken.None));

        Assert.True(report.Refused);
        Assert.Equal(("interactions", 4L), (report.Occupied[0].Table, report.Occupied[0].Copied));
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(_second.Path), TimeProvider.System);
        Assert.Equal(4, (await store.CountAsync(CancellationToken.None)).Interactions);
        Assert.True(new FileInfo(_second.Path).Length >= before);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task RunAsync_failing_mid_copy_commits_nothing_and_a_second_copy_succeeds(string engine)
    {
        await FillAsync(_first.Path);
        var destination = engine == "postgres" ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : _second.Path;
        async Task<ITableSink> OpenSinkAsync() => engine == "postgres"
            ? await PostgresTableSink.OpenAsync(destination, CancellationToken.None)
            : await SqliteTableSink.OpenAsync(destination, CancellationToken.None);

        var failing = new FailingSource(await SqliteTableSource.OpenAsync(_first.Path, CancellationToken.None), "labels");
        var first = await OpenSinkAsync();
        await Assert.ThrowsAsync<IOException>(() => CopyAsync(failing, first));
        await using (var sink = await OpenSinkAsync())
        {
            foreach (var table in PortableTables.All)
                Assert.Equal(0, await sink.CountAsync(table, CancellationToken.None));
        }

        var report = await CopyAsync(await SqliteTableSource.OpenAsync(_first.Path, CancellationToken.None), await OpenSinkAsync());

        Assert.False(report.Refused);
        Assert.Equal(4, report.Tables.Single(t => t.Table == "interactions").Copied);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    private static async Task<CopyReport> CopyAsync(ITableSource source, ITableSink destination)
    {
        await using (source)
        await using (destination)
            return await TableCopy.RunAsync(source, destination, _ => { }, CancellationToken.None);
    }

    /// <summary>A source that fails after the first row of one table, as a dropped connection would.</summary>
    private sealed class FailingSource(ITableSource inner, string table) : ITableSource
    {
        public Task<long> CountAsync(PortableTable portable, CancellationToken cancellationToken) => inner.CountAsync(portable, cancellationToken);

        public async IAsyncEnumerable<object?[]> ReadAsync(PortableTable portable, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var row in inner.ReadAsync(portable, cancellationToken))
            {
                yield return row;
                if (portable.Name == table)
                    throw new IOException("the source went away");
            }
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>Every row of the table as text, in order: bytes in base64, numbers round-trippable.</summary>
    private static async Task<List<string>> RowsAsync(SqliteTableSource source, PortableTable table)
    {
        var rows = new List<string>();
        await foreach (var row in source.ReadAsync(table, CancellationToken.None))
        {
            rows.Add(string.Join(" | ", row.Select(value => value switch
            {
                null => "null",
                byte[] bytes => Convert.ToBase64String(bytes),
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            })));
        }

        return rows;
    }

    /// <summary>A small history through the ports, touching every copied table: processed interactions with flags and
    /// scores, routing, tasks, labels with a revision, an adjudication, keys and alerts with deliveries.</summary>
    private static async Task FillAsync(string path)
    {
        await using var database = new SqliteDatabase(new SqliteStoreOptions(path));
        var clock = new ManualClock(Some.Noon);
        var interactions = new SqliteInteractionStore(database, clock);
        var reviews = new SqliteReviewStore(database, clock);
        var alerts = new SqliteAlertStore(database, clock);
        await database.MigrateAsync(CancellationToken.None);
        var items = Enumerable.Range(0, 4).Select(i => Some.Parsed(at: Some.Noon.AddMinutes(i))).ToList();
        await interactions.AppendAsync(items, CancellationToken.None);
        var score = new SelfAgreementRecord(SampleSource.Client, "atlas@2026-10-01", Detection.Consistency.SelfAgreementMethod.ShortAnswer, 3, 0.25, 1);
        await interactions.CompleteAsync(
            [.. Enumerable.Range(1, 4).Select(seq => new ProcessingResult(seq, "policy-a", [Some.Flag("pii-email"), Some.Flag($"rule-{seq}", "toxicity")],
                seq == 4 ? ["detector x failed"] : [], new RoutingDecision(Tier.Flagged, 0.5, seq <= 2, seq, "flagged", 2), seq == 1 ? score : null))],
            CancellationToken.None);
        await interactions.RecordDrawnAsync(2, score with { Source = SampleSource.Drawn, Samples = ["Paris.", "Lyon."], DrawnBy = "judge", Tokens = 42 }, null, null, CancellationToken.None);
        await interactions.RecordJudgedAsync(new JudgeRecord(3, "judge.facts", "policy-a", "judge-model",
            new Judging.JudgeVerdict(Judging.JudgeOutcome.Fail, 0.75, ["Lyon"], "Wrong city.", null), "{\"verdict\":\"fail\"}", 12, Some.Noon), null, null, CancellationToken.None);
        await interactions.RecordJudgedAsync(new JudgeRecord(4, "judge.facts", "policy-a", "judge-model",
            Judging.JudgeVerdict.Malformed("the answer is empty"), "", 3, Some.Noon), null, null, CancellationToken.None);
        const string Project = "support-bot";
        await reviews.SubmitLabelAsync(1, "alice", Some.Verdict("pii-leak"), 20, Project, CancellationToken.None);
        await reviews.ReviseLabelAsync(1, "alice", Some.Verdict(), 25.5, Project, CancellationToken.None);
        await reviews.SubmitLabelAsync(1, "bob", Some.Verdict("pii-leak"), null, Project, CancellationToken.None);
        await reviews.AdjudicateAsync(1, "lead", Some.Verdict("pii-leak"), Project, CancellationToken.None);
        await reviews.SubmitLabelAsync(2, "alice", Some.Verdict(), 3, Project, CancellationToken.None);
        await reviews.SaveDemoTruthAsync([new("pii-leak", Demo.DemoTruth.Prevalence, 0.125), new("any-failure", Demo.DemoTruth.Recall, 0.8)], CancellationToken.None);
        await reviews.CreateKeyAsync(new ApiKey("k-1", "ingest", Role.Ingest, Project, Some.Noon, null, Some.Noon.AddDays(90)), "hash-1", CancellationToken.None);
        await reviews.CreateKeyAsync(new ApiKey("k-2", "old admin", Role.Admin, ApiKey.AllProjects, Some.Noon, null), "hash-2", CancellationToken.None);
        await reviews.RevokeKeyAsync("k-2", Some.Noon.AddHours(1), CancellationToken.None);
        var fired = new Alert("refusals", "*", AlertState.Firing, Some.Noon, null, 0.3, "refusals fired");
        var first = await alerts.AddEventAsync(fired, CancellationToken.None);
        await alerts.AddEventAsync(new Alert("pii", "atlas", AlertState.Firing, Some.Noon, null, 0.1, "pii fired"), CancellationToken.None);
        await alerts.RecordDeliveryAsync(new AlertDelivery(first, "http://127.0.0.1:9/b", 3, false, "refused", Some.Noon), CancellationToken.None);
        await alerts.RecordDeliveryAsync(new AlertDelivery(first, "http://127.0.0.1:9/a", 1, true, null, Some.Noon), CancellationToken.None);
    }
}
