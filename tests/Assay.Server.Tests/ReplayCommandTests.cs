using System.Text.Json;
using Assay.Demo;
using Assay.Ingest;
using Assay.Policy;
using Assay.Storage;
using Assay.Storage.Sqlite;

namespace Assay.Server.Tests;

/// <summary><c>assay replay</c> run as a child process over a database the pipeline has processed.</summary>
[Collection(ChildProcesses.Name)]
public sealed class ReplayCommandTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Replay_of_an_untouched_database_is_identical_and_exits_0()
    {
        await ProcessedDemoDatabaseAsync(400);

        using var assay = AssayProcess.Start("replay", "--db", _database.Path);
        var exit = await assay.WaitForExitAsync(s_timeout);

        Assert.True(exit == 0, assay.Output);
        Assert.Contains("identical", assay.Output, StringComparison.Ordinal);
        Assert.Contains("compared 400", assay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_with_another_salt_reports_a_different_selection_and_exits_1()
    {
        await ProcessedDemoDatabaseAsync(400);
        var salted = _database.File("salted.yaml");
        var yaml = StarterPolicy.Yaml();
        Assert.Contains("salt: assay-starter-2026.1", yaml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(salted, yaml.Replace("salt: assay-starter-2026.1", "salt: a-fresh-sample", StringComparison.Ordinal));

        using var assay = AssayProcess.Start("replay", "--db", _database.Path, "--policy", salted, "--format", "json");
        var exit = await assay.WaitForExitAsync(s_timeout);

        Assert.True(exit == 1, assay.Output);
        var report = JsonSerializer.Deserialize<JsonElement>(assay.Output.Trim().Split('\n')[^1]);
        Assert.False(report.GetProperty("identical").GetBoolean());
        Assert.Equal(400, report.GetProperty("compared").GetInt32());
        var selection = report.GetProperty("selection");
        Assert.True(selection.GetProperty("newly_selected").GetInt32() + selection.GetProperty("no_longer_selected").GetInt32() > 0, assay.Output);
        // Only the draw changed: the detectors raise the same flags.
        Assert.Empty(report.GetProperty("flags").EnumerateArray());
    }

    [Theory]
    [InlineData("--db", "no-such.db")]
    [InlineData("--policy", "no-such-policy.yaml")]
    [InlineData("--format", "xml")]
    [InlineData("--colour", "red")]
    [InlineData("--rejudge", "true")]
    [InlineData("--judge-model", "atlas-judge")]
    [InlineData("--judge-endpoint", "not-a-url")]
    public async Task Replay_with_bad_input_exits_2(string option, string value)
    {
        await ProcessedDemoDatabaseAsync(5);
        string[] arguments = option == "--db" ? ["replay", "--db", _database.File(value)] : ["replay", "--db", _database.Path, option, option == "--policy" ? _database.File(value) : value];

        using var assay = AssayProcess.Start(arguments);
        var exit = await assay.WaitForExitAsync(s_timeout);

        Assert.True(exit == 2, assay.Output);
    }

    /// <summary>Demo traffic appended and processed by the starter policy's pipeline, as the server's worker does.</summary>
    private async Task ProcessedDemoDatabaseAsync(int count)
    {
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(_database.Path), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var traffic = new DemoTraffic(seed: 11, DateTimeOffset.UtcNow.AddHours(-1));
        await store.AppendAsync(Enumerable.Range(0, count).Select(_ => InteractionParser.Canonicalise(traffic.Next())).ToList(), CancellationToken.None);
        var pipeline = PipelineFactory.Create(StarterPolicy.Load());
        for (var step = 0; step < count; step++)
        {
            var batch = await store.ReadUnprocessedAsync(500, CancellationToken.None);
            if (batch.Count == 0)
                return;
            await store.CompleteAsync(batch.Select(pipeline.Process).ToList(), CancellationToken.None);
        }
    }
}
