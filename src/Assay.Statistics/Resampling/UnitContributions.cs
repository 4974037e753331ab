namespace Assay.Statistics.Resampling;

/// <summary>
/// Each unit's additive contribution to a vector of sufficient statistics, stored sparsely (compressed rows).
/// </summary>
/// <remarks>
/// Every agreement coefficient here is a function of sums over units, so a bootstrap resample is just a
/// weighted sum of these rows: no rating is re-read and nothing is re-sorted per resample.
/// </remarks>
internal sealed class UnitContributions
{
    private readonly int[] _offsets;
    private readonly int[] _indices;
    private readonly double[] _values;

    public UnitContributions(int dimension, int[] offsets, int[] indices, double[] values)
    {
        Dimension = dimension;
        _offsets = offsets;
        _indices = indices;
        _values = values;
    }

    /// <summary>Length of the statistics vector.</summary>
    public int Dimension { get; }

    /// <summary>Number of units (rows).</summary>
    public int Units => _offsets.Length - 1;

    /// <summary>Adds unit <paramref name="unit"/>'s row into <paramref name="totals"/>.</summary>
    public void AddTo(int unit, Span<double> totals)
    {
        var end = _offsets[unit + 1];
        for (var i = _offsets[unit]; i < end; i++)
        {
            totals[_indices[i]] += _values[i];
        }
    }

    /// <summary>The sum of all rows.</summary>
    public double[] Totals()
    {
        var totals = new double[Dimension];
        for (var i = 0; i < _values.Length; i++)
        {
            totals[_indices[i]] += _values[i];
        }

        return totals;
    }
}
