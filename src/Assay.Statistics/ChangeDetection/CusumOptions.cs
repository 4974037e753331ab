namespace Assay.Statistics.ChangeDetection;

/// <summary>Settings of a two-sided tabular CUSUM chart (Page 1954; Montgomery, "Statistical Quality Control", ch. 9).</summary>
/// <param name="Target">In-control mean μ₀ (e.g. the baseline flag rate).</param>
/// <param name="Sigma">In-control standard deviation σ of one observation (for a rate over n items, √(p(1 − p)/n)).</param>
/// <param name="Slack">Allowance k in units of σ; <value>default 0.5</value>, tuned to detect a 1σ shift.</param>
/// <param name="Threshold">Decision interval h in units of σ; <value>default 5</value>, an in-control ARL of about 465.</param>
public sealed record CusumOptions(double Target, double Sigma, double Slack = 0.5, double Threshold = 5)
{
    internal void Validate()
    {
        if (!double.IsFinite(Target))
        {
            throw new ArgumentOutOfRangeException(nameof(Target), Target, "Target must be finite.");
        }

        if (!(Sigma > 0) || !double.IsFinite(Sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, "Sigma must be positive.");
        }

        if (!(Slack >= 0) || !(Threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), "Slack must be non-negative and the threshold positive.");
        }
    }
}
