namespace Assay.Statistics.Agreement;

/// <summary>Ratings of units by raters, with missing ratings, coded as indices into the sorted distinct values.</summary>
/// <remarks>Immutable once built, so it can be shared between threads.</remarks>
public sealed class RatingMatrix
{
    private readonly int[] _codes;
    private readonly double[] _categories;

    private RatingMatrix(int units, int raters, int[] codes, double[] categories)
    {
        Units = units;
        Raters = raters;
        _codes = codes;
        _categories = categories;
    }

    /// <summary>Number of units (items rated).</summary>
    public int Units { get; }

    /// <summary>Number of raters (columns), whether or not each rated every unit.</summary>
    public int Raters { get; }

    /// <summary>The distinct values used, in ascending order; a code is an index into this list.</summary>
    public IReadOnlyList<double> Categories => _categories;

    /// <summary>Number of distinct values.</summary>
    public int CategoryCount => _categories.Length;

    /// <summary>Number of ratings present.</summary>
    public int RatingCount { get; private init; }

    /// <summary>Codes, unit-major (<c>unit * Raters + rater</c>); −1 marks a missing rating.</summary>
    internal ReadOnlySpan<int> Codes => _codes;

    internal ReadOnlySpan<double> CategoryValues => _categories;

    /// <summary>Builds a matrix from values laid out unit-major (<c>unit * raters + rater</c>); NaN marks a missing rating.</summary>
    public static RatingMatrix FromValues(int units, int raters, ReadOnlySpan<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        ArgumentOutOfRangeException.ThrowIfNegative(raters);
        if (values.Length != units * raters)
        {
            throw new ArgumentException($"Expected {units * raters} values for {units} units × {raters} raters, got {values.Length}.", nameof(values));
        }

        var index = new Dictionary<double, int>();
        foreach (var value in values)
        {
            if (double.IsInfinity(value))
            {
                throw new ArgumentException("Ratings must be finite numbers (NaN marks a missing rating).", nameof(values));
            }

            if (!double.IsNaN(value))
            {
                index.TryAdd(value, 0);
            }
        }

        var categories = index.Keys.ToArray();
        Array.Sort(categories);
        for (var i = 0; i < categories.Length; i++)
        {
            index[categories[i]] = i;
        }

        var codes = new int[values.Length];
        var present = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                codes[i] = -1;
            }
            else
            {
                codes[i] = index[values[i]];
                present++;
            }
        }

        return new RatingMatrix(units, raters, codes, categories) { RatingCount = present };
    }

    /// <summary>Builds a matrix from one row per unit; <c>null</c> marks a missing rating.</summary>
    public static RatingMatrix FromRows(IReadOnlyList<IReadOnlyList<double?>> rows)
    {
        var raters = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var values = new double[rows.Count * raters];
        Array.Fill(values, double.NaN);
        for (var u = 0; u < rows.Count; u++)
        {
            for (var r = 0; r < rows[u].Count; r++)
            {
                values[(u * raters) + r] = rows[u][r] ?? double.NaN;
            }
        }

        return FromValues(rows.Count, raters, values);
    }

    /// <summary>The same ratings with units and raters reordered (used to check invariance).</summary>
    internal RatingMatrix Permute(ReadOnlySpan<int> unitOrder, ReadOnlySpan<int> raterOrder)
    {
        var codes = new int[_codes.Length];
        for (var u = 0; u < Units; u++)
        {
            for (var r = 0; r < Raters; r++)
            {
                codes[(u * Raters) + r] = _codes[(unitOrder[u] * Raters) + raterOrder[r]];
            }
        }

        return new RatingMatrix(Units, Raters, codes, _categories) { RatingCount = RatingCount };
    }
}
