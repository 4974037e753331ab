namespace Assay.Statistics.Agreement;

/// <summary>Settings of the bootstrap over units used for agreement intervals.</summary>
/// <param name="Resamples">Number of resamples; <value>default 1000</value>.</param>
/// <param name="Confidence">Interval confidence level; <value>default 0.95</value>.</param>
/// <param name="Seed">Seed of the resampling; the same seed always gives the same interval.</param>
public sealed record BootstrapOptions(int Resamples = 1000, double Confidence = 0.95, ulong Seed = 0)
{
    /// <summary>The defaults: 1000 resamples, 95 %, seed 0.</summary>
    public static BootstrapOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Resamples, 2, nameof(Resamples));
        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "Confidence must lie strictly between 0 and 1.");
        }
    }
}
