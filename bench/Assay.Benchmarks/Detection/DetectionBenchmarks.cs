using System.Text;
using Assay.Detection;
using Assay.Domain;
using Assay.Policy;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Assay.Benchmarks.Detection;

/// <summary>Single-threaded rule detection over ~1 MB of English-like responses, with a large generated policy and the starter policy.</summary>
/// <remarks>Run with: dotnet run -c Release --project bench/Assay.Benchmarks -- --filter '*Detection*'</remarks>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class DetectionBenchmarks
{
    private const int CorpusChars = 1_000_000;

    private List<Interaction> _interactions = [];
    private RuleDetector _detector = null!;
    private readonly List<Flag> _flags = [];

    /// <summary>UTF-8 size of the corpus, which is the same for every parameter (it is generated from a fixed seed).</summary>
    public static long CorpusBytes { get; } =
        DetectionCorpus.Generate(CorpusChars, 2048, seed: 42).Sum(i => (long)Encoding.UTF8.GetByteCount(i.Response));

    [Params("generated", "generated-5-unanchored", "starter")]
    public string Policy { get; set; } = "starter";

    [GlobalSetup]
    public void Setup()
    {
        _interactions = DetectionCorpus.Generate(CorpusChars, 2048, seed: 42);
        _detector = RuleDetector.Create(Policy switch
        {
            "starter" => StarterPolicy.Load(),
            "generated-5-unanchored" => GeneratedPolicy.Create(unanchored: 5),
            _ => GeneratedPolicy.Create(),
        });
    }

    [Benchmark]
    public int DetectCorpus()
    {
        var count = 0;
        foreach (var interaction in _interactions)
        {
            _detector.Detect(interaction, _flags);
            count += _flags.Count;
            _flags.Clear();
        }

        return count;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn(best: false), new ThroughputColumn(best: true));
    }
}
