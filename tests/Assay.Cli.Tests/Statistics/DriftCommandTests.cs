using System.Globalization;
using System.Text;
using System.Text.Json;
using Assay.Cli.Commands.Statistics;

namespace Assay.Cli.Tests.Statistics;

public sealed class DriftCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    [Fact]
    public async Task Drift_shiftedNumericColumn_isFlaggedAndStableOnesAreNot()
    {
        var random = new Random(8);
        var reference = Csv(random, 500, shift: 0, newShare: 0);
        var current = Csv(random, 500, shift: 1, newShare: 0);

        var run = await CliRun.InvokeAsync(
            DriftCommand.Create(), _files.Write("ref.csv", reference), _files.Write("cur.csv", current), "--categorical", "model", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var columns = json.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("column").GetString()!);
        Assert.Equal(["latency", "score", "model"], columns.Keys);
        Assert.True(columns["latency"].GetProperty("drift").GetBoolean());
        Assert.Equal("ks", columns["latency"].GetProperty("test").GetString());
        Assert.Equal("numeric", columns["latency"].GetProperty("type").GetString());
        Assert.False(columns["score"].GetProperty("drift").GetBoolean());
        Assert.Equal("categorical", columns["model"].GetProperty("type").GetString());
        Assert.Equal("chi-square", columns["model"].GetProperty("test").GetString());
        foreach (var column in columns.Values)
        {
            var p = column.GetProperty("p_value").GetDouble();
            Assert.InRange(column.GetProperty("p_adjusted").GetDouble(), p - 1e-12, 1);
        }
    }

    [Fact]
    public async Task Drift_gTestOnNewCategory_detectsShift()
    {
        var random = new Random(2);
        var run = await CliRun.InvokeAsync(
            DriftCommand.Create(),
            _files.Write("ref.csv", Csv(random, 400, 0, 0)),
            _files.Write("cur.csv", Csv(random, 400, 0, 0.3)),
            "--categorical", "model", "--test", "g-test", "--correction", "holm", "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        var model = json.RootElement.EnumerateArray().Single(c => c.GetProperty("column").GetString() == "model");
        Assert.Equal("g-test", model.GetProperty("test").GetString());
        Assert.True(model.GetProperty("drift").GetBoolean());
    }

    [Fact]
    public async Task Drift_differentHeaders_fail()
    {
        var run = await CliRun.InvokeAsync(DriftCommand.Create(), _files.Write("a.csv", "x,y\n1,2\n"), _files.Write("b.csv", "x,z\n1,2\n"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 1: the header differs", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_textInNumericColumn_failsWithLineAndHint()
    {
        var run = await CliRun.InvokeAsync(DriftCommand.Create(), _files.Write("a.csv", "x\n1\n2\n"), _files.Write("b.csv", "x\n1\n\nabc\n"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("b.csv: line 4: column 'x': 'abc' is not a number (mark the column with --categorical x)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_unknownTest_fails()
    {
        var run = await CliRun.InvokeAsync(DriftCommand.Create(), _files.Write("a.csv", "x\n1\n"), _files.Write("b.csv", "x\n1\n"), "--test", "t-test");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown test 't-test'", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private static string Csv(Random random, int rows, double shift, double newShare)
    {
        var text = new StringBuilder("latency,score,model\n");
        for (var i = 0; i < rows; i++)
        {
            var model = random.NextDouble() < newShare ? "gamma" : random.NextDouble() < 0.5 ? "alpha" : "beta";
            text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble() + shift:0.####},{random.NextDouble():0.####},\"{model}\"\n");
        }

        return text.ToString();
    }
}
