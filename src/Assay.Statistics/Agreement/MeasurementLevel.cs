namespace Assay.Statistics.Agreement;

/// <summary>The level of measurement of ratings, which decides how two different values disagree.</summary>
public enum MeasurementLevel
{
    /// <summary>Unordered categories: two values either match or not.</summary>
    Nominal,

    /// <summary>Ordered categories: disagreement grows with the number of ratings between the two values.</summary>
    Ordinal,

    /// <summary>Numbers on an interval scale: squared difference.</summary>
    Interval,

    /// <summary>Numbers with a true zero: squared difference relative to the sum.</summary>
    Ratio,
}
