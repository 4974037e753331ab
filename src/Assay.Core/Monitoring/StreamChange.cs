using System.Globalization;
using Assay.Statistics.ChangeDetection;

namespace Assay.Monitoring;

/// <summary>Runs CUSUM or Page–Hinkley over bucket means of a metric stream, calibrated on the reference window.</summary>
/// <remarks>
/// The current window is cut into <see cref="MonitorRule.Buckets"/> buckets of equal count, in time order. The
/// bucket mean's in-control σ comes from the reference window: √(p(1 − p)/b) for a rate, s/√b for a score. The charts
/// use their textbook settings (k = 0.5σ, h = 5σ), an in-control run length of about 465 buckets, so a window of 10
/// buckets false-alarms well under 5% of the time when the reference is right.
/// </remarks>
internal static class StreamChange
{
    public static (bool Breached, string How) Detect(MonitorRule rule, double[] reference, double[] current, bool binary, ChangeDirection harmful)
    {
        var size = Math.Max(1, current.Length / rule.Buckets);
        var target = reference.Average();
        var sigma = BucketSigma(reference, target, size, binary);
        var options = new CusumOptions(target, sigma);
        if (rule.Test == MonitorTest.Cusum)
        {
            var alarm = Cusum.Detect(Means(current, size), options).FirstOrDefault(a => a.Direction == harmful);
            return (alarm is not null, alarm is null
                ? Invariant($"CUSUM around {target:G4} (σ {sigma:G3}) quiet over {current.Length / size} buckets")
                : Invariant($"CUSUM around {target:G4} (σ {sigma:G3}) alarmed at bucket {alarm.Index + 1} of {current.Length / size}"));
        }

        var before = Means(reference, size);
        var series = before.Concat(Means(current, size)).ToArray();
        var ph = new PageHinkleyOptions(options.Slack * sigma, options.Threshold * sigma, Math.Max(1, before.Length));
        var change = PageHinkley.Detect(series, ph).FirstOrDefault(a => a.Direction == harmful && a.Index >= before.Length);
        return (change is not null, change is null
            ? Invariant($"Page–Hinkley (δ {ph.Delta:G3}, λ {ph.Lambda:G3}) quiet")
            : Invariant($"Page–Hinkley (δ {ph.Delta:G3}, λ {ph.Lambda:G3}) alarmed at bucket {change.Index - before.Length + 1} of the window"));
    }

    private static double BucketSigma(double[] reference, double mean, int size, bool binary)
    {
        // A reference with no variation (no flags at all) would give σ = 0; half an event's worth of rate keeps σ positive.
        if (binary)
        {
            var p = Math.Clamp(mean, 0.5 / reference.Length, 1 - (0.5 / reference.Length));
            return Math.Sqrt(p * (1 - p) / size);
        }

        var variance = reference.Length > 1 ? reference.Sum(v => (v - mean) * (v - mean)) / (reference.Length - 1) : 0;
        return Math.Max(Math.Sqrt(variance), 1e-3) / Math.Sqrt(size);
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
