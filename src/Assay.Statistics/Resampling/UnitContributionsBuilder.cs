namespace Assay.Statistics.Resampling;

/// <summary>Collects unit rows for a <see cref="UnitContributions"/>, one unit at a time.</summary>
internal sealed class UnitContributionsBuilder
{
    private readonly int _dimension;
    private readonly List<int> _offsets = [0];
    private readonly List<int> _indices;
    private readonly List<double> _values;

    public UnitContributionsBuilder(int dimension, int capacity = 16)
    {
        _dimension = dimension;
        _indices = new List<int>(capacity);
        _values = new List<double>(capacity);
    }

    /// <summary>Adds one entry to the current unit's row; zero values are skipped.</summary>
    public void Add(int index, double value)
    {
        if (value != 0)
        {
            _indices.Add(index);
            _values.Add(value);
        }
    }

    /// <summary>Closes the current unit's row (an empty row is a unit that contributes nothing).</summary>
    public void EndUnit() => _offsets.Add(_indices.Count);

    public UnitContributions Build() =>
        new(_dimension, [.. _offsets], [.. _indices], [.. _values]);
}
