namespace Assay.Statistics.Intervals;

/// <summary>Newcombe's hybrid score interval for a difference of two independent proportions p1 − p2.</summary>
/// <remarks>Method 10 of Newcombe (1998), "Interval estimation for the difference between independent proportions".</remarks>
public static class DifferenceInterval
{
    /// <summary>The interval for k1/n1 − k2/n2 built from the two Wilson intervals.</summary>
    public static Estimate Newcombe(double successes1, double trials1, double successes2, double trials2, double confidence = 0.95)
    {
        ProportionInterval.Guard(successes1, trials1, confidence);
        ProportionInterval.Guard(successes2, trials2, confidence);
        if (trials1 == 0 || trials2 == 0)
        {
            return Estimate.Empty(-1, 1, confidence, "newcombe", "a sample with no trials: nothing is known about the difference");
        }

        var p1 = successes1 / trials1;
        var p2 = successes2 / trials2;
        var (l1, u1) = ProportionInterval.Wilson(successes1, trials1, confidence);
        var (l2, u2) = ProportionInterval.Wilson(successes2, trials2, confidence);
        var d = p1 - p2;
        var low = d - Math.Sqrt(((p1 - l1) * (p1 - l1)) + ((u2 - p2) * (u2 - p2)));
        var high = d + Math.Sqrt(((u1 - p1) * (u1 - p1)) + ((p2 - l2) * (p2 - l2)));
        var n = (int)Math.Round(trials1 + trials2);
        var warning = Math.Min(trials1, trials2) < ProportionInterval.MinimumTrials
            ? "a sample with fewer than 10 trials: the interval is too wide to say much"
            : null;
        return new Estimate(d, Math.Max(-1, low), Math.Min(1, high), confidence, n, "newcombe", warning);
    }
}
