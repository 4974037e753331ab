using Assay.Assurance;
using Assay.Review;
using Assay.Routing;

namespace Assay.Core.Tests.Assurance;

/// <summary>Test data for the assurance tests: labels, reviewed items and populations built in one line.</summary>
internal static class Some
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static long s_labelId;

    public static Verdict Verdict(params string[] categories) => new(new HashSet<string>(categories, StringComparer.Ordinal), null, null);

    public static Label Label(string reviewer, params string[] categories) =>
        new(Interlocked.Increment(ref s_labelId), 0, reviewer, Verdict(categories), null, Start);

    public static ReviewedItem Item(
        string id,
        Tier tier = Tier.Audit,
        double probability = 1,
        IReadOnlyList<(string Rule, string Category)>? flags = null,
        Verdict? adjudicated = null,
        DateTimeOffset? at = null,
        params Label[] labels) =>
        new(id, at ?? Start, tier, probability, flags ?? [], labels, adjudicated);

    /// <summary>An item two reviewers labelled alike: its truth is <paramref name="truth"/>.</summary>
    public static ReviewedItem Agreed(string id, Tier tier, double probability, IReadOnlyList<(string Rule, string Category)> flags, params string[] truth) =>
        Item(id, tier, probability, flags, labels: [Label("ann", truth), Label("bob", truth)]);

    /// <summary>
    /// Twenty items on which ann and bob tick <c>c</c>: both on <paramref name="both"/>, neither on as many, and each alone on
    /// <paramref name="split"/>. Disagreements are adjudicated as <c>c</c> so every item has a truth.
    /// </summary>
    public static List<ReviewedItem> Binary(int both, int split)
    {
        var items = new List<ReviewedItem>();
        for (var i = 0; i < both; i++)
        {
            items.Add(Item($"both-{i}", labels: [Label("ann", "c"), Label("bob", "c")]));
            items.Add(Item($"none-{i}", labels: [Label("ann"), Label("bob")]));
        }

        for (var i = 0; i < split; i++)
        {
            items.Add(Item($"ann-{i}", adjudicated: Verdict("c"), labels: [Label("ann", "c"), Label("bob")]));
            items.Add(Item($"bob-{i}", adjudicated: Verdict("c"), labels: [Label("ann"), Label("bob", "c")]));
        }

        return items;
    }

    public static PopulationCounts Population(long none = 0, long audit = 0, long flagged = 0, long critical = 0, params (string Rule, long Flags)[] rules) =>
        new(
            new Dictionary<Tier, long> { [Tier.None] = none, [Tier.Audit] = audit, [Tier.Flagged] = flagged, [Tier.Critical] = critical },
            rules.ToDictionary(r => r.Rule, r => r.Flags));

    /// <summary>Fewer resamples than the default: the tests check wiring and hand-computed points, not bootstrap accuracy.</summary>
    public static AssuranceOptions Fast { get; } = new() { Resamples = 200 };
}
