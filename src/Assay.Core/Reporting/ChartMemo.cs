using System.Runtime.CompilerServices;
using Assay.Monitoring;
using Assay.Statistics;

namespace Assay.Reporting;

/// <summary>Chart points that are costly to compute, kept between requests and reused only when their inputs are the same.</summary>
/// <remarks>
/// <para>
/// A drift point is kept with the <see cref="TrafficBucket"/> objects it was computed from (immutable; a bucket whose
/// features change is aggregated into a new object), so it is reused only for those very aggregates; it goes when its
/// bucket is collected. An agreement point is kept under a key spelling out everything the bootstrap reads — each counted
/// item's id and its reviewers' "any failure" answers in order, and the bootstrap settings — so a late label, a changed
/// label or a newly completed task makes a new key, never a stale hit. At most <see cref="MaxAgreementEntries"/> are kept.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class ChartMemo
{
    /// <summary>Agreement points kept before the memo starts over (about 40 KB of key each at 1,000 items).</summary>
    public const int MaxAgreementEntries = 256;

    private readonly ConditionalWeakTable<TrafficBucket, DriftEntry> _drift = [];
    private readonly Dictionary<string, (int Items, Estimate Alpha)> _agreement = new(StringComparer.Ordinal);
    private readonly Lock _agreementLock = new();

    /// <summary>The drift point computed before from exactly this window (reference buckets, then the bucket) and settings, if any.</summary>
    internal ChartPoint? Drift(TrafficBucket[] window, DateTimeOffset at, DriftOptions options, double minPsi) =>
        _drift.TryGetValue(window[^1], out var entry) && entry.Matches(window, at, options, minPsi) ? entry.Point : null;

    internal void RememberDrift(TrafficBucket[] window, ChartPoint point, DriftOptions options, double minPsi) =>
        _drift.AddOrUpdate(window[^1], new DriftEntry(window, point, options, minPsi));

    internal bool TryGetAgreement(string key, out (int Items, Estimate Alpha) value)
    {
        lock (_agreementLock)
            return _agreement.TryGetValue(key, out value);
    }

    internal void RememberAgreement(string key, (int Items, Estimate Alpha) value)
    {
        lock (_agreementLock)
        {
            if (_agreement.Count >= MaxAgreementEntries)
                _agreement.Clear();
            _agreement[key] = value;
        }
    }

    private sealed record DriftEntry(TrafficBucket[] Window, ChartPoint Point, DriftOptions Options, double MinPsi)
    {
        public bool Matches(TrafficBucket[] window, DateTimeOffset at, DriftOptions options, double minPsi)
        {
            if (Point.At != at || MinPsi != minPsi || Window.Length != window.Length || !Options.Equals(options))
                return false;
            for (var i = 0; i < window.Length; i++)
            {
                if (!ReferenceEquals(Window[i], window[i]))
                    return false;
            }

            return true;
        }
    }
}
