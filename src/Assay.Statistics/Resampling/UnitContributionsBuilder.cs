namespace Assay.Statistics.Resampling;

/// <summary>Collects unit rows for a <see cref="UnitContributions"/>, one unit at a time.</summary>
internal sealed class UnitContributionsBuilder
{
    private readonly int _dimension;
    private readonly List<int> _offsets = [0];
    private readonly List<int> _indices;
    private readonly List<double> _values;
    private readonly double[]? _totals;

    public UnitContributionsBuilder(int dimension, int capacity = 16)
    {
        _dimension = dimension;
        _indices = new List<int>(capacity);
        _values = new List<double>(capacity);
    }

    private UnitContributionsBuilder(int dimension, double[] totals)
        : this(dimension, 0) => _totals = totals;

    /// <summary>A builder that only sums the rows, for point estimates: no per-unit storage at all.</summary>
    public static UnitContributionsBuilder TotalsOnly(int dimension) => new(dimension, new double[dimension]);

    /// <summary>Adds one entry to the current unit's row; zero values are skipped.</summary>
    public void Add(int index, double value)
    {
        if (_totals is not null)
        {
            _totals[index] += value;
        }
        else if (value != 0)
        {
            _indices.Add(index);
            _values.Add(value);
        }
    }

    /// <summary>Closes the current unit's row (an empty row is a unit that contributes nothing).</summary>
    public void EndUnit()
    {
        if (_totals is null)
        {
            _offsets.Add(_indices.Count);
        }
    }

    /// <summary>The sum of all rows added so far.</summary>
    public double[] Totals() => _totals is not null ? _totals : Build().Totals();

    public UnitContributions Build() =>
        new(_dimension, [.. _offsets], [.. _indices], [.. _values]);
}
