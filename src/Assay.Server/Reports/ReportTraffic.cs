using Assay.Monitoring;
using Assay.Review;
using Assay.Storage;

namespace Assay.Server.Reports;

/// <summary>The processed interactions of a report's scope between two times, as features with their sequences: what the drift and judge sections read.</summary>
/// <param name="Sequences">Each feature's interaction sequence, index for index.</param>
/// <param name="Policies">The hash of the policy each interaction was processed with, index for index.</param>
public sealed record ReportTraffic(IReadOnlyList<InteractionFeatures> Features, IReadOnlyList<long> Sequences, IReadOnlyList<string> Policies)
{
    private const int Batch = 1000;

    /// <summary>The interactions that happened at or after <paramref name="from"/>.</summary>
    public ReportTraffic Since(DateTimeOffset from)
    {
        var keep = Enumerable.Range(0, Features.Count).Where(i => Features[i].Timestamp >= from).ToList();
        return new ReportTraffic([.. keep.Select(i => Features[i])], [.. keep.Select(i => Sequences[i])], [.. keep.Select(i => Policies[i])]);
    }

    /// <summary>
    /// Reads the processed interactions of <paramref name="project"/> that happened in [<paramref name="from"/>, <paramref name="to"/>),
    /// with the store calls the dashboard's feature buffer makes (<c>SequenceBeforeAsync</c>, then <c>ReadAsync</c> and
    /// <c>RecordedAsync</c> in step), so that a report and the dashboard see the same features.
    /// </summary>
    /// <remarks>
    /// Like the buffer, it stops at the first interaction the pipeline has not processed (its flags are not known yet), and
    /// places an interaction at its own timestamp, else at its arrival. Sequence order is arrival order, not time order (a
    /// backfill sends old interactions late), so it reads to the end of the processed traffic; only the window's
    /// interactions are turned into features.
    /// </remarks>
    public static async Task<ReportTraffic> ReadAsync(IInteractionStore store, string project, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var features = new List<InteractionFeatures>();
        var sequences = new List<long>();
        var policies = new List<string>();
        var cursor = await store.SequenceBeforeAsync(from, cancellationToken);
        while (true)
        {
            var interactions = await store.ReadAsync(cursor, Batch, cancellationToken);
            if (interactions.Count == 0)
                break;
            var recorded = await store.RecordedAsync(cursor, Batch, cancellationToken);
            var taken = 0;
            for (; taken < interactions.Count && taken < recorded.Count && recorded[taken].PolicyHash is not null; taken++)
            {
                var stored = interactions[taken];
                cursor = stored.Sequence;
                var at = stored.Interaction.Timestamp ?? stored.ReceivedAt;
                if (at < from || at >= to || !(project == ApiKey.AllProjects || project == stored.Interaction.Metadata.Project))
                    continue;
                features.Add(InteractionFeatures.From(stored.Interaction, recorded[taken].Flags, recorded[taken].SelfAgreement) with { Timestamp = at });
                sequences.Add(stored.Sequence);
                policies.Add(recorded[taken].PolicyHash!);
            }

            if (taken < interactions.Count)
                break;
        }

        return new ReportTraffic(features, sequences, policies);
    }
}
