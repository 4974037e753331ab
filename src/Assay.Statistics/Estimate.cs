namespace Assay.Statistics;

/// <summary>A point estimate with its confidence interval, the sample it came from and any warning about that sample.</summary>
/// <param name="Value">The point estimate; NaN when the sample holds no information.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
/// <param name="Confidence">Nominal coverage of the interval, e.g. 0.95.</param>
/// <param name="SampleSize">Number of observations (units, items, trials) behind the estimate.</param>
/// <param name="Method">How the interval was computed, e.g. <c>wilson</c> or <c>bootstrap-percentile</c>.</param>
/// <param name="Warning">Set when the sample is too small or too degenerate for the estimate to say much.</param>
public sealed record Estimate(
    double Value,
    double Low,
    double High,
    double Confidence,
    int SampleSize,
    string Method,
    string? Warning = null)
{
    /// <summary>Width of the interval.</summary>
    public double Width => High - Low;

    /// <summary>An estimate that carries no information: NaN value, the widest interval and a warning.</summary>
    public static Estimate Empty(double low, double high, double confidence, string method, string warning) =>
        new(double.NaN, low, high, confidence, 0, method, warning);
}
