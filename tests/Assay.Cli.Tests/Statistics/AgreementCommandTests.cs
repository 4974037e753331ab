using System.Text.Json;
using Assay.Cli.Commands.Statistics;

namespace Assay.Cli.Tests.Statistics;

public sealed class AgreementCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    // Krippendorff (2011), 4 observers × 12 units with missing values, in long format; published nominal alpha 0.743.
    private static readonly int?[][] s_byObserver =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Fact]
    public async Task Agreement_csvJson_printsEveryStatisticWithNullForCohen()
    {
        var path = _files.Write("ratings.csv", "item,rater,value\n" + string.Join("\n", LongRows().Select(r => $"{r.Item},{r.Rater},{r.Value}")));

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(0.743, root.GetProperty("krippendorff_alpha").GetProperty("estimate").GetDouble(), 0.0005);
        Assert.Equal(2, root.GetProperty("krippendorff_alpha").GetProperty("ci").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("cohen_kappa").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("scotts_pi").ValueKind);
        foreach (var key in new[] { "fleiss_kappa", "gwet_ac1", "percent_agreement" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(key).GetProperty("estimate").ValueKind);
        }

        Assert.Equal(12, root.GetProperty("items").GetInt32());
        Assert.Equal(4, root.GetProperty("raters").GetInt32());
        Assert.Equal(40, root.GetProperty("pairable_values").GetInt32());
    }

    [Theory]
    [InlineData("interval", 0.849)]
    [InlineData("ratio", 0.797)]
    public async Task Agreement_jsonlWithLevel_matchesPublishedAlpha(string level, double published)
    {
        var path = _files.Write("ratings.jsonl", string.Join("\n", LongRows().Select(r => $$"""{"item": "u{{r.Item}}", "rater": "{{r.Rater}}", "value": {{r.Value}}}""")));

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path, "--level", level, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(published, json.RootElement.GetProperty("krippendorff_alpha").GetProperty("estimate").GetDouble(), 0.0005);
    }

    [Fact]
    public async Task Agreement_ordinalLabelsWithOrder_usesTheGivenOrder()
    {
        // Labels low < mid < high coded 1..3 reproduce the numeric ordinal result.
        string[] names = ["", "low", "mid", "high", "severe", "critical"];
        var path = _files.Write("ordinal.csv", "item,rater,value\n" + string.Join("\n", LongRows().Select(r => $"{r.Item},{r.Rater},{names[r.Value]}")));

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path, "--level", "ordinal", "--order", "low,mid,high,severe,critical", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(0.815, json.RootElement.GetProperty("krippendorff_alpha").GetProperty("estimate").GetDouble(), 0.0005);
    }

    [Fact]
    public async Task Agreement_twoRaters_reportsCohenKappa()
    {
        var path = _files.Write("two.csv", "item,rater,value\n1,a,yes\n1,b,yes\n2,a,no\n2,b,yes\n3,a,no\n3,b,no\n4,a,yes\n4,b,yes\n");

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path, "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(0.5, json.RootElement.GetProperty("cohen_kappa").GetProperty("estimate").GetDouble(), 1e-12);

        // Two categories: each category-vs-rest kappa equals the overall Fleiss kappa.
        var byCategory = json.RootElement.GetProperty("fleiss_kappa_by_category");
        var overall = json.RootElement.GetProperty("fleiss_kappa").GetProperty("estimate").GetDouble();
        Assert.Equal(overall, byCategory.GetProperty("no").GetProperty("estimate").GetDouble(), 1e-12);
        Assert.Equal(overall, byCategory.GetProperty("yes").GetProperty("estimate").GetDouble(), 1e-12);
    }

    [Fact]
    public async Task Agreement_table_printsStatisticNames()
    {
        var path = _files.Write("two.csv", "item,rater,value\n1,a,x\n1,b,x\n2,a,y\n2,b,y\n");

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Krippendorff's alpha (nominal)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Gwet's AC1", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("item,rater,value\n1,a,1\n1,a,2\n", "line 3: rater 'a' already rated item '1' on line 2")]
    [InlineData("item,rater\n1,a\n", "line 1: the header has no 'value' column")]
    [InlineData("item,rater,value\n1,a,\"x\n", "line 2: a quoted field is not closed")]
    [InlineData("item,rater,value\n1,a,1,9\n", "line 2: expected 3 fields as in the header, found 4")]
    public async Task Agreement_malformedCsv_failsWithLineNumber(string content, string message)
    {
        var path = _files.Write("bad.csv", content);

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("assay agreement: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Agreement_nonNumericInterval_failsWithLineNumber()
    {
        var path = _files.Write("bad.jsonl", "{\"item\":1,\"rater\":\"a\",\"value\":2}\n{\"item\":1,\"rater\":\"b\",\"value\":\"high\"}\n");

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path, "--level", "interval");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2: value 'high' is not a number", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_invalidJsonLine_failsWithLineNumber()
    {
        var path = _files.Write("bad.jsonl", "{\"item\":1,\"rater\":\"a\",\"value\":2}\n{not json\n");

        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("line 2: not valid JSON", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreement_missingFile_failsCleanly()
    {
        var run = await CliRun.InvokeAsync(AgreementCommand.Create(), Path.Combine(Path.GetTempPath(), "no-such-ratings.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the file", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private static IEnumerable<(int Item, string Rater, int Value)> LongRows()
    {
        for (var o = 0; o < s_byObserver.Length; o++)
        {
            for (var u = 0; u < s_byObserver[o].Length; u++)
            {
                if (s_byObserver[o][u] is { } value)
                {
                    yield return (u + 1, "obs" + "ABCD"[o], value);
                }
            }
        }
    }
}
