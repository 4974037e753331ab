using Assay.Monitoring;
using Assay.Reporting;
using Assay.Storage;

namespace Assay.Server.Monitoring;

/// <summary>The features of recently processed interactions, read from the store in sequence order and trimmed by age.</summary>
/// <remarks>
/// A cache, not state: after a restart it is rebuilt from the store, starting at the first interaction recent enough to
/// keep. Only processed interactions are taken, so that every feature carries its flags; the cursor stops at the first
/// one the pipeline has not reached. Samples Assay draws arrive later still: each refresh also patches the features
/// of interactions whose drawn score (and flag) were recorded since the last one. The same features are also indexed by
/// minute (<see cref="Minutes"/>), so that the dashboard reads one bucket, and trims, without a pass over all of them. Not thread-safe.
/// </remarks>
/// <param name="store">Where interactions and their processing are read from.</param>
/// <param name="keep">How far back from now features are kept.</param>
/// <param name="pinned">Fixed periods whose features are kept whatever their age (monitors' baselines).</param>
internal sealed class FeatureBuffer(IInteractionStore store, TimeSpan keep, IReadOnlyList<MonitorBaseline>? pinned = null)
{
    private readonly IReadOnlyList<MonitorBaseline> _pinned = pinned ?? [];

    private const int Batch = 1000;
    private const int MaxBatchesPerRefresh = 100;
    private readonly List<InteractionFeatures> _features = [];
    private long _cursor = -1;
    private DateTimeOffset? _drawnSince;

    public IReadOnlyList<InteractionFeatures> Features => _features;

    /// <summary>The same features by the minute of their timestamp, with a stamp of each minute's last change.</summary>
    public FeatureMinutes Minutes { get; } = new();

    public async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_cursor < 0)
        {
            // Skip what no window, and no pinned baseline, will ever look at, without reading it.
            var oldest = _pinned.Select(p => p.From).Append(now - keep).Min();
            _cursor = await store.SequenceBeforeAsync(oldest, cancellationToken);
        }
        else
        {
            await PatchDrawnAsync(_drawnSince!.Value, cancellationToken);
        }

        // Overlapping by a minute is harmless (a patch is idempotent) and covers clocks that disagree a little.
        _drawnSince = now - TimeSpan.FromMinutes(1);
        for (var batch = 0; batch < MaxBatchesPerRefresh; batch++)
        {
            var interactions = await store.ReadAsync(_cursor, Batch, cancellationToken);
            if (interactions.Count == 0)
                break;
            var recorded = await store.RecordedAsync(_cursor, Batch, cancellationToken);
            var taken = 0;
            for (; taken < interactions.Count && taken < recorded.Count && recorded[taken].PolicyHash is not null; taken++)
            {
                var stored = interactions[taken];
                _cursor = stored.Sequence;
                var at = stored.Interaction.Timestamp ?? stored.ReceivedAt;
                // History older than any rule looks at is skipped before the tokenizer runs on it.
                if (Keeps(at, now))
                {
                    var features = InteractionFeatures.From(stored.Interaction, recorded[taken].Flags, recorded[taken].SelfAgreement) with { Timestamp = at };
                    _features.Add(features);
                    Minutes.Add(features);
                }
            }

            if (taken < interactions.Count)
                break;
        }

        Trim(now);
    }

    /// <summary>Drops what is too old to keep, found through the minute index rather than a pass over every feature.</summary>
    /// <remarks>
    /// Features are in sequence order, which is nearly time order, so the dropped ones sit near the front: the list is
    /// compacted from the front only until all of them have been met, then the rest is moved down in one copy.
    /// </remarks>
    private void Trim(DateTimeOffset now)
    {
        var dropped = new HashSet<InteractionFeatures>(ReferenceEqualityComparer.Instance);
        foreach (var feature in Minutes.Before(now - keep))
        {
            if (!Keeps(feature.Timestamp!.Value, now))
            {
                dropped.Add(feature);
                Minutes.Remove(feature);
            }
        }

        if (dropped.Count == 0)
            return;
        int read = 0, write = 0, met = 0;
        for (; read < _features.Count && met < dropped.Count; read++)
        {
            if (dropped.Contains(_features[read]))
                met++;
            else
                _features[write++] = _features[read];
        }

        _features.RemoveRange(write, read - write);
    }

    /// <summary>Takes the drawn scores and flags recorded since <paramref name="since"/> into the features already read.</summary>
    private async Task PatchDrawnAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        foreach (var sequence in (await store.DrawnSinceAsync(since, cancellationToken)).Distinct())
        {
            if (sequence > _cursor)
                continue; // Not read yet: it will be read with its results.
            var recorded = await store.RecordedAsync(sequence - 1, 1, cancellationToken);
            if (recorded.Count == 0 || recorded[0].Sequence != sequence)
                continue;
            var index = _features.FindIndex(f => f.Id == recorded[0].InteractionId);
            if (index >= 0)
            {
                var patched = _features[index].WithResults(recorded[0].Flags, recorded[0].SelfAgreement);
                Minutes.Replace(_features[index], patched);
                _features[index] = patched;
            }
        }
    }

    private bool Keeps(DateTimeOffset at, DateTimeOffset now)
    {
        if (at >= now - keep)
            return true;
        foreach (var period in _pinned)
        {
            if (period.Contains(at))
                return true;
        }

        return false;
    }
}
