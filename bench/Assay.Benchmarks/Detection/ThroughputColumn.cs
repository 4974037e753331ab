using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Assay.Benchmarks.Detection;

/// <summary>A summary column giving megabytes of response text scanned per second on one thread.</summary>
/// <remarks>"MB/s" is from the mean time; "best MB/s" from the fastest iteration, the figure least disturbed on a shared machine.</remarks>
public sealed class ThroughputColumn : IColumn
{
    private readonly bool _best;

    public ThroughputColumn(bool best) => _best = best;

    public string Id => nameof(ThroughputColumn) + (_best ? "Best" : "Mean");

    public string ColumnName => _best ? "best MB/s" : "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _best ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Megabytes (10^6 bytes of UTF-8 response text) detected per second, single-threaded, from the {(_best ? "fastest iteration" : "mean")}";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats)
        {
            return "-";
        }

        var bytes = DetectionBenchmarks.CorpusBytes;
        return (bytes / ((_best ? stats.Min : stats.Mean) / 1e9) / 1e6).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
