using Assay.Statistics.Drift;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Drift;

public sealed class DoubleRadixSortTests
{
    [Property(MaxTest = 20)]
    public void Sort_largeMixedSignArrays_matchesArraySort(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, DoubleRadixSort.Threshold + random.Next(0, 5000))
            .Select(_ => random.Next(4) switch
            {
                0 => (random.NextDouble() - 0.5) * 1e6,
                1 => random.Next(-5, 5),
                2 => (random.NextDouble() - 0.5) * 1e-300,
                _ => random.NextDouble(),
            })
            .ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        DoubleRadixSort.Sort(values);

        Assert.Equal(expected, values);
    }
}
