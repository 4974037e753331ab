using Assay.Statistics.Agreement;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks.Statistics;

/// <summary>Issue 3 speed targets for agreement: alpha &lt; 100 ms, Fleiss &lt; 100 ms, bootstrap alpha &lt; 2 s.</summary>
[SimpleJob(warmupCount: 2, iterationCount: 5)]
[MemoryDiagnoser]
public class AgreementBenchmarks
{
    private RatingMatrix _alphaRatings = null!;
    private RatingMatrix _fleissRatings = null!;
    private RatingMatrix _bootstrapRatings = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _alphaRatings = Ratings(random, 100_000, 5, 4, missing: 0.1);
        _fleissRatings = Ratings(random, 1_000_000, 3, 4, missing: 0);
        _bootstrapRatings = Ratings(random, 10_000, 5, 4, missing: 0.1);
    }

    [Benchmark(Description = "Krippendorff alpha nominal, 100k units x 5 raters, 10% missing")]
    public double AlphaNominal() => KrippendorffAlpha.Point(_alphaRatings, MeasurementLevel.Nominal);

    [Benchmark(Description = "Fleiss kappa, 1M items x 3 raters")]
    public double Fleiss() => FleissKappa.Point(_fleissRatings);

    [Benchmark(Description = "Bootstrap alpha interval, 1000 resamples of 10k units x 5 raters")]
    public double BootstrapAlpha() =>
        KrippendorffAlpha.Compute(_bootstrapRatings, MeasurementLevel.Nominal, new BootstrapOptions(Resamples: 1000, Seed: 1)).Low;

    // Raters copy a per-unit true label 70 % of the time, so agreement is realistic rather than zero.
    private static RatingMatrix Ratings(Random random, int units, int raters, int categories, double missing)
    {
        var values = new double[units * raters];
        for (var u = 0; u < units; u++)
        {
            var truth = random.Next(categories);
            for (var r = 0; r < raters; r++)
            {
                var label = random.NextDouble() < 0.7 ? truth : random.Next(categories);
                values[(u * raters) + r] = random.NextDouble() < missing ? double.NaN : label;
            }
        }

        return RatingMatrix.FromValues(units, raters, values);
    }
}
