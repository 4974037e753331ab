using Assay.Demo;
using Assay.Domain;
using Assay.Monitoring;

namespace Assay.Core.Tests.Monitoring;

/// <summary>Feature streams drawn from the demo generator, with its injected ground truth standing in for detector flags.</summary>
internal static class Traffic
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The topics a "shifted mix" over-represents.</summary>
    public static readonly IReadOnlySet<string> Favoured = new HashSet<string>(["programming", "finance"], StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="count"/> interactions (10 a second) from a demo stream. With <paramref name="shiftedMix"/> the
    /// favoured topics are always kept and the others only a quarter of the time, a different topic mix.
    /// </summary>
    public static List<InteractionFeatures> Features(int seed, int count, DateTimeOffset? start = null, DemoRates? rates = null, bool shiftedMix = false, string? version = null) =>
        Interactions(seed, count, start, rates, shiftedMix, version).Select(Features).ToList();

    public static List<Interaction> Interactions(int seed, int count, DateTimeOffset? start = null, DemoRates? rates = null, bool shiftedMix = false, string? version = null)
    {
        var traffic = new DemoTraffic(seed, start ?? Start, rates);
        var thinning = new Random(seed ^ 0x5eed);
        var result = new List<Interaction>(count);
        // Bounded: the shifted mix keeps at least a quarter of the draws.
        for (var draws = 0; result.Count < count && draws < count * 8; draws++)
        {
            var next = traffic.Next();
            if (shiftedMix && !Favoured.Contains(next.Metadata.Tags["topic"]) && thinning.NextDouble() >= 0.25)
                continue;
            // Thinned streams are re-timed so that every stream runs at 10 interactions a second.
            var time = (start ?? Start).AddMilliseconds(result.Count * 100);
            result.Add(next with { Timestamp = time, ModelVersion = version ?? next.ModelVersion });
        }

        return result;
    }

    /// <summary>Features with one flag per injected category, as a perfect detector would raise.</summary>
    public static InteractionFeatures Features(Interaction interaction)
    {
        var injected = interaction.Metadata.Tags.TryGetValue("injected", out var list) ? list.Split(',') : [];
        var flags = injected.Select(c => new Flag($"truth.{c}", c, Severity.Medium, "demo", [], "injected by the demo generator")).ToArray();
        return InteractionFeatures.From(interaction, flags);
    }
}
