namespace Assay.LoadTest;

/// <summary>What one scenario measured.</summary>
internal sealed record LoadResult(string Scenario, long Interactions, long Requests, long Refused, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double PerSecond => Interactions / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
            return double.NaN;
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    public string Row() =>
        $"| {Scenario} | {Interactions:N0} | {PerSecond:N0} | {Percentile(0.50):N1} | {Percentile(0.99):N1} | {LatenciesMs.DefaultIfEmpty(double.NaN).Max():N1} | {Refused:N0} |";
}
