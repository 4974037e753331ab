namespace Assay.Statistics.Agreement;

/// <summary>Walks the units of a rating matrix, giving each unit's count per category without allocating.</summary>
/// <remarks>Only the categories a unit uses are touched, so a unit costs O(raters) whatever the number of categories.</remarks>
internal ref struct UnitCounts
{
    private readonly ReadOnlySpan<int> _codes;
    private readonly int _raters;
    private readonly int[] _counts;
    private readonly int[] _used;
    private int _unit;

    public UnitCounts(RatingMatrix matrix)
    {
        _codes = matrix.Codes;
        _raters = matrix.Raters;
        _counts = new int[Math.Max(1, matrix.CategoryCount)];
        _used = new int[Math.Max(1, matrix.Raters)];
        _unit = -1;
    }

    /// <summary>Number of ratings of the current unit (mᵤ).</summary>
    public int Ratings { get; private set; }

    /// <summary>Number of distinct categories in the current unit.</summary>
    public int Distinct { get; private set; }

    /// <summary>The i-th distinct category of the current unit.</summary>
    public readonly int Category(int i) => _used[i];

    /// <summary>How many ratings of the current unit fall in category <paramref name="category"/>.</summary>
    public readonly int Count(int category) => _counts[category];

    /// <summary>Moves to the next unit; false after the last one.</summary>
    public bool MoveNext()
    {
        for (var i = 0; i < Distinct; i++)
        {
            _counts[_used[i]] = 0;
        }

        _unit++;
        if ((_unit + 1) * _raters > _codes.Length || _raters == 0)
        {
            Distinct = 0;
            Ratings = 0;
            return false;
        }

        var row = _codes.Slice(_unit * _raters, _raters);
        var distinct = 0;
        var ratings = 0;
        foreach (var code in row)
        {
            if (code < 0)
            {
                continue;
            }

            ratings++;
            if (_counts[code]++ == 0)
            {
                _used[distinct++] = code;
            }
        }

        Distinct = distinct;
        Ratings = ratings;
        return true;
    }
}
