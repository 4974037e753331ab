using System.Globalization;
using Assay.Statistics.ChangeDetection;

namespace Assay.Monitoring;

/// <summary>Runs CUSUM or Page–Hinkley over bucket means of a metric stream, calibrated on the reference window.</summary>
/// <remarks>
/// The current window is cut into <see cref="MonitorRule.Buckets"/> buckets of equal count, in time order. The
/// bucket mean's in-control σ comes from the reference window: √(p(1 − p)/b) for a rate, s/√b for a score. The charts
/// start from their textbook settings (k = 0.5σ, h = 5σ), which assume near-normal bucket means and a known target;
/// real metrics are skewed (self-agreement is mostly 1 with rare deep drops) and the target is itself estimated from a
/// small reference. So the decision interval, in σ units, is raised to the (1 − alpha) quantile of the chart's largest
/// excursion under a seeded bootstrap that redraws both windows from the reference: each replicate re-estimates target
/// and σ from its own redrawn reference, exactly as the live chart does, so the reference's sampling error is part of
/// the null. That keeps the false-alarm rate of one evaluation at or below alpha. For a rate the resampled values are
/// Bernoulli draws, so bucket counts are drawn as binomials directly: the cost follows the events, not the traffic.
/// </remarks>
internal static class StreamChange
{
    /// <summary>Bootstrap replicates of the null excursion.</summary>
    public const int Replicates = 400;

    /// <summary>The smallest alpha whose (1 − alpha) quantile the replicates can estimate: 1/400 rounded up, at least one replicate above it.</summary>
    public const double SmallestAlpha = 0.0025;
    private const int Seed = 20261101;

    public static (bool Breached, string How) Detect(MonitorRule rule, double[] reference, double[] current, bool binary, ChangeDirection harmful)
    {
        var size = Math.Max(1, current.Length / rule.Buckets);
        var buckets = current.Length / size;
        var target = reference.Average();
        var sigma = BucketSigma(reference, target, size, binary);
        var textbook = new CusumOptions(target, sigma);
        var random = new Random(Seed);
        var redrawn = binary ? [] : new double[reference.Length];
        var nulls = new double[Replicates];
        for (var r = 0; r < Replicates; r++)
        {
            double replicateTarget, replicateSigma;
            double[] replicateBefore, replicateCurrent;
            if (binary)
            {
                // Resampling a 0/1 reference is drawing Bernoulli(p̂) values, so each bucket's count is Binomial(size, p̂):
                // drawn directly, in time proportional to the events rather than to the reference's length.
                (replicateBefore, var events) = RateBuckets(reference.Length / size, size, target, random);
                events += Binomial(random, reference.Length % size, target);
                replicateTarget = (double)events / reference.Length;
                replicateSigma = RateSigma(replicateTarget, reference.Length, size);
                (replicateCurrent, _) = RateBuckets(buckets, size, target, random);
            }
            else
            {
                for (var i = 0; i < redrawn.Length; i++)
                    redrawn[i] = reference[random.Next(reference.Length)];
                replicateTarget = redrawn.Average();
                replicateSigma = BucketSigma(redrawn, replicateTarget, size, binary);
                replicateBefore = rule.Test == MonitorTest.Cusum ? [] : Means(redrawn, size);
                replicateCurrent = Draw(reference, size, buckets, random);
            }

            nulls[r] = (rule.Test == MonitorTest.Cusum
                ? CusumExcursion(replicateCurrent, textbook with { Target = replicateTarget, Sigma = replicateSigma }, harmful)
                : PageHinkleyExcursion(replicateBefore, replicateCurrent, textbook.Slack * replicateSigma, harmful)) / replicateSigma;
        }

        Array.Sort(nulls);
        var calibrated = nulls[Math.Min(Replicates - 1, (int)Math.Ceiling((1 - rule.Alpha) * Replicates))];
        var h = Math.Max(textbook.Threshold, calibrated) * sigma;
        var before = Means(reference, size);
        if (rule.Test == MonitorTest.Cusum)
        {
            var options = textbook with { Threshold = h / sigma };
            var alarm = Cusum.Detect(Means(current, size), options).FirstOrDefault(a => a.Direction == harmful);
            return (alarm is not null, Invariant($"CUSUM around {target:G4} (σ {sigma:G3}, h {h / sigma:G3}σ) ")
                + (alarm is null ? Invariant($"quiet over {buckets} buckets") : Invariant($"alarmed at bucket {alarm.Index + 1} of {buckets}")));
        }

        var series = before.Concat(Means(current, size)).ToArray();
        // No alarm is possible before the first current bucket: a reset inside the reference would not be the chart the bootstrap calibrated.
        var ph = new PageHinkleyOptions(textbook.Slack * sigma, h, before.Length + 1);
        var change = PageHinkley.Detect(series, ph).FirstOrDefault(a => a.Direction == harmful && a.Index >= before.Length);
        return (change is not null, Invariant($"Page–Hinkley (δ {ph.Delta:G3}, λ {ph.Lambda:G3}) ")
            + (change is null ? "quiet" : Invariant($"alarmed at bucket {change.Index - before.Length + 1} of {buckets}")));
    }

    /// <summary>The largest harmful-side CUSUM sum over the buckets, from the statistics unit's chart with no alarm.</summary>
    private static double CusumExcursion(double[] buckets, CusumOptions options, ChangeDirection harmful)
    {
        var chart = new Cusum(options with { Threshold = double.MaxValue });
        var largest = 0.0;
        foreach (var value in buckets)
        {
            chart.Add(value);
            largest = Math.Max(largest, harmful == ChangeDirection.Increase ? chart.Upper : chart.Lower);
        }

        return largest;
    }

    /// <summary>The largest harmful-side Page–Hinkley deviation over <paramref name="current"/>, after <paramref name="before"/>.</summary>
    /// <remarks>The same recurrences as <see cref="PageHinkley"/>, which does not expose its running statistic.</remarks>
    private static double PageHinkleyExcursion(double[] before, double[] current, double delta, ChangeDirection harmful)
    {
        double mean = 0, up = 0, upMinimum = 0, down = 0, downMaximum = 0, largest = 0;
        var count = 0;
        for (var i = 0; i < before.Length + current.Length; i++)
        {
            var value = i < before.Length ? before[i] : current[i - before.Length];
            count++;
            mean += (value - mean) / count;
            up += value - mean - delta;
            upMinimum = Math.Min(upMinimum, up);
            down += value - mean + delta;
            downMaximum = Math.Max(downMaximum, down);
            if (i >= before.Length)
                largest = Math.Max(largest, harmful == ChangeDirection.Increase ? up - upMinimum : downMaximum - down);
        }

        return largest;
    }

    private static double[] Draw(double[] reference, int size, int buckets, Random random)
    {
        var means = new double[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < size; i++)
                sum += reference[random.Next(reference.Length)];
            means[b] = sum / size;
        }

        return means;
    }

    /// <summary>Bucket means of <paramref name="count"/> buckets of Bernoulli(<paramref name="p"/>) values, and their events.</summary>
    private static (double[] Means, long Events) RateBuckets(int count, int size, double p, Random random)
    {
        var means = new double[count];
        long events = 0;
        for (var b = 0; b < count; b++)
        {
            var k = Binomial(random, size, p);
            events += k;
            means[b] = (double)k / size;
        }

        return (means, events);
    }

    /// <summary>A Binomial(<paramref name="n"/>, <paramref name="p"/>) draw by geometric skipping: one uniform per success, so O(n·min(p, 1 − p)).</summary>
    internal static int Binomial(Random random, int n, double p)
    {
        if (n <= 0 || p <= 0)
            return 0;
        if (p >= 1)
            return n;
        if (p > 0.5)
            return n - Binomial(random, n, 1 - p);
        // The gaps between successes are Geometric(p): ⌊ln U / ln(1 − p)⌋ + 1 trials each.
        var logQ = Math.Log(1 - p);
        var successes = 0;
        for (var position = 0L; ; successes++)
        {
            position += (long)Math.Floor(Math.Log(1 - random.NextDouble()) / logQ) + 1;
            if (position > n)
                return successes;
        }
    }

    private static double BucketSigma(double[] reference, double mean, int size, bool binary)
    {
        if (binary)
            return RateSigma(mean, reference.Length, size);
        var variance = reference.Length > 1 ? reference.Sum(v => (v - mean) * (v - mean)) / (reference.Length - 1) : 0;
        return Math.Max(Math.Sqrt(variance), 1e-3) / Math.Sqrt(size);
    }

    /// <summary>σ of a bucket's rate, from a reference of <paramref name="n"/> values with rate <paramref name="mean"/>.</summary>
    /// <remarks>A reference with no variation (no flags at all) would give σ = 0; half an event's worth of rate keeps σ positive.</remarks>
    private static double RateSigma(double mean, int n, int size)
    {
        var p = Math.Clamp(mean, 0.5 / n, 1 - (0.5 / n));
        return Math.Sqrt(p * (1 - p) / size);
    }

    private static double[] Means(double[] values, int size)
    {
        var count = values.Length / size;
        var means = new double[count];
        for (var i = 0; i < count; i++)
        {
            var sum = 0.0;
            foreach (var value in values.AsSpan(i * size, size))
                sum += value;
            means[i] = sum / size;
        }

        return means;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
