using Assay.Demo;
using Assay.Ingest;
using Assay.Review;
using Assay.Routing;
using Assay.Storage;
using Assay.Storage.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks.Storage;

/// <summary>
/// The store reads behind the dashboard's review charts, <c>ReviewedItemsAsync</c> and <c>CensusAsync</c>, over 7 days on SQLite at 100,000
/// interactions a day, 15% routed to review (105,000 tasks) and 1,000 a day labelled by two reviewers.
/// </summary>
/// <remarks>
/// All 700,000 interactions are stored, since the window's interactions are what the read starts from. Setup writes the
/// database once, through the stores, in a minute or two.
/// </remarks>
[MemoryDiagnoser]
public class ReviewedItemsBenchmarks
{
    public const int PerDay = 100_000;
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private string _path = null!;
    private SqliteDatabase _database = null!;
    private SqliteReviewStore _reviews = null!;

    [Params(1, 24, 168)]
    public int Hours { get; set; } = 168;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    public async Task SetupAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"assay-reviewed-{Guid.NewGuid():N}.db");
        _database = new SqliteDatabase(new SqliteStoreOptions(_path));
        var clock = TimeProvider.System;
        var interactions = new SqliteInteractionStore(_database, clock);
        _reviews = new SqliteReviewStore(_database, clock);
        await interactions.MigrateAsync(CancellationToken.None);

        var total = PerDay * 7;
        var routed = total * 15 / 100;
        var from = s_now.AddDays(-7);
        var traffic = new DemoTraffic(5, from, gap: (s_now - from) / total);
        var labelledShare = 1_000.0 / (PerDay * 15 / 100);
        var random = new Random(7);
        var sequence = 0L;
        var review = new RoutingDecision(Tier.Flagged, 1, true, 0.5, "bench", 2);
        var unreviewed = new RoutingDecision(Tier.None, 0, false, 0, "bench");
        for (var start = 0; start < total; start += 1_000)
        {
            var batch = Enumerable.Range(start, Math.Min(1_000, total - start)).Select(_ => InteractionParser.Canonicalise(traffic.Next())).ToList();
            await interactions.AppendAsync(batch, CancellationToken.None);
            // Three of every 20 interactions are routed to review: 15%.
            await interactions.CompleteAsync([.. batch.Select(_ => new ProcessingResult(++sequence, "bench", [], [], sequence % 20 < 3 ? review : unreviewed))], CancellationToken.None);
        }

        var tasks = await _reviews.ListTasksAsync(ApiKey.AllProjects, "open", null, 0, routed, CancellationToken.None);
        foreach (var task in tasks.Tasks.Where(_ => random.NextDouble() < labelledShare))
        {
            foreach (var reviewer in new[] { "ann", "bob" })
            {
                var verdict = new Verdict(random.NextDouble() < 0.2 ? new HashSet<string>(["hallucination"], StringComparer.Ordinal) : [], null, null);
                await _reviews.SubmitLabelAsync(task.TaskId, reviewer, verdict, 30, ApiKey.AllProjects, CancellationToken.None);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    /// <summary>Prints each range's read time, 5 rounds after one warm-up, best and median: the <c>reviewed-items</c> command of Program.cs.</summary>
    public static async Task ProfileAsync()
    {
        var benchmark = new ReviewedItemsBenchmarks();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await benchmark.SetupAsync();
        Console.WriteLine($"setup: {watch.Elapsed.TotalSeconds:F0} s");
        try
        {
            foreach (var hours in new[] { 1, 24, 168 })
            {
                benchmark.Hours = hours;
                await TimeAsync($"{hours} h, reviewed items", benchmark.Read);
                await TimeAsync($"{hours} h, census", benchmark.Census);
            }
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    private static async Task TimeAsync(string name, Func<Task<int>> read)
    {
        var count = await read();
        var times = new List<double>();
        var watch = new System.Diagnostics.Stopwatch();
        for (var round = 0; round < 5; round++)
        {
            watch.Restart();
            await read();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"{name}: {count} items; best {times[0]:F0} ms, median {times[2]:F0} ms");
    }

    /// <summary>The reviewed items of the last <see cref="Hours"/>, as the dashboard reads them for the all-projects caller.</summary>
    [Benchmark]
    public async Task<int> Read() =>
        (await _reviews.ReviewedItemsAsync(ApiKey.AllProjects, s_now.AddHours(-Hours), s_now, null, CancellationToken.None)).Count;

    /// <summary>
    /// What the dashboard reads since the census: tasks counted in <see cref="CensusBuckets"/> buckets, only the started
    /// items in full. The count returned is the started items'.
    /// </summary>
    [Benchmark]
    public async Task<int> Census()
    {
        var from = s_now.AddHours(-Hours);
        var census = await _reviews.CensusAsync(ApiKey.AllProjects, from, s_now, from, TimeSpan.FromHours(Hours) / CensusBuckets, CensusBuckets, CancellationToken.None);
        return census.Started.Count;
    }

    /// <summary>About as many buckets as a dashboard chart draws.</summary>
    private const int CensusBuckets = 48;
}
