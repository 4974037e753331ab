using Assay.Statistics.Drift;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks.Statistics;

/// <summary>Issue 3 speed target for drift: two-sample KS on 1M vs 1M values &lt; 300 ms (sorting included).</summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private double[] _reference = null!;
    private double[] _current = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        _reference = Enumerable.Range(0, 1_000_000).Select(_ => random.NextDouble()).ToArray();
        _current = Enumerable.Range(0, 1_000_000).Select(_ => random.NextDouble() * 1.01).ToArray();
    }

    [Benchmark(Description = "KS two-sample, 1M vs 1M unsorted values")]
    public double KolmogorovSmirnovTwoSample() => KolmogorovSmirnov.TwoSample(_reference, _current).PValue;
}
