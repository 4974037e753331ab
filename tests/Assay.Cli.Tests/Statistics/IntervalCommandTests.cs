using System.Text.Json;
using Assay.Cli.Commands.Statistics;

namespace Assay.Cli.Tests.Statistics;

public sealed class IntervalCommandTests
{
    [Theory]
    [InlineData("wilson", 0.2553, 0.3662)]
    [InlineData("clopper-pearson", 0.2527, 0.3676)]
    public async Task Interval_newcombe1998Example_printsJson(string method, double low, double high)
    {
        // Newcombe (1998), 81/263.
        var run = await CliRun.InvokeAsync(IntervalCommand.Create(), "--successes", "81", "--trials", "263", "--method", method, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(81 / 263.0, json.RootElement.GetProperty("estimate").GetDouble(), 1e-12);
        Assert.Equal(low, json.RootElement.GetProperty("low").GetDouble(), 0.00006);
        Assert.Equal(high, json.RootElement.GetProperty("high").GetDouble(), 0.00006);
        Assert.Equal(method, json.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Interval_zeroSuccesses_givesPositiveUpperBound()
    {
        var run = await CliRun.InvokeAsync(IntervalCommand.Create(), "--successes", "0", "--trials", "20", "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(0.1611, json.RootElement.GetProperty("high").GetDouble(), 0.00006);
    }

    [Theory]
    [InlineData("--successes", "5", "--trials", "3")]
    [InlineData("--successes", "1", "--trials", "3", "--confidence", "1.5")]
    public async Task Interval_invalidArguments_failWithExitCode2(params string[] args)
    {
        var run = await CliRun.InvokeAsync(IntervalCommand.Create(), args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("assay interval: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interval_unknownMethod_isRejectedByTheParser()
    {
        var run = await CliRun.InvokeAsync(IntervalCommand.Create(), "--successes", "1", "--trials", "3", "--method", "wald");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("wald", run.Error, StringComparison.Ordinal);
    }
}
