using Assay.Monitoring;
using Assay.Storage;

namespace Assay.Server.Monitoring;

/// <summary>The features of recently processed interactions, read from the store in sequence order and trimmed by age.</summary>
/// <remarks>
/// A cache, not state: after a restart it is rebuilt from the store. Only processed interactions are taken, so that
/// every feature carries its flags; the cursor stops at the first one the pipeline has not reached. Not thread-safe.
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
    private long _cursor;

    public IReadOnlyList<InteractionFeatures> Features => _features;

    public async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
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
                    _features.Add(InteractionFeatures.From(stored.Interaction, recorded[taken].Flags, recorded[taken].SelfAgreement) with { Timestamp = at });
            }

            if (taken < interactions.Count)
                break;
        }

        _features.RemoveAll(f => !Keeps(f.Timestamp!.Value, now));
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
