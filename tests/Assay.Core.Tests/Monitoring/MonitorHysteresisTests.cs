using Assay.Monitoring;
using Assay.Statistics.Drift;

namespace Assay.Core.Tests.Monitoring;

/// <summary>Hysteresis: an alert fires at alpha and resolves only when the test finds nothing at the looser resolve level.</summary>
public sealed class MonitorHysteresisTests
{
    private const int ReferenceSize = 2000;
    private const int ReferenceFlagged = 100;
    private const int CurrentSize = 400;

    private static readonly MonitorRule s_rule = new("mismatch-rate", MonitorMetric.FlagRate, "reasoning-mismatch",
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), MonitorTest.Compare, MinSamples: 30);

    private static readonly InteractionFeatures s_blank = new("x", null, "v1", 10, 10, 0, 3, 3, 0, false, "Latin", "other", [], null, null);

    /// <summary>Flagged counts of the current window, one per 30 s evaluation: p wanders either side of 0.05, below 0.2.</summary>
    private static readonly int[] s_wandering = [31, 28, 30, 29, 31, 28, 30, 27, 31, 29, 30, 28];

    [Fact]
    public void A_p_value_wandering_around_alpha_gives_one_alert_not_many()
    {
        var pValues = s_wandering.Select(PValue).ToArray();
        Assert.Contains(pValues, p => p < 0.05);
        Assert.True(pValues.Count(p => p >= 0.05) >= 4, string.Join(", ", pValues));
        Assert.All(pValues, p => Assert.InRange(p, 0, s_rule.HoldAlpha));

        var events = Run(s_rule);

        var fired = Assert.Single(events);
        Assert.Equal(AlertState.Firing, fired.State);
    }

    [Fact]
    public void Without_hysteresis_the_same_p_values_flap()
    {
        var events = Run(s_rule with { ResolveAlpha = s_rule.Alpha });

        Assert.True(events.Count(e => e.State == AlertState.Resolved) >= 3, $"{events.Count} events");
    }

    [Fact]
    public void A_clear_return_to_the_reference_rate_resolves_the_alert()
    {
        var events = Run(s_rule, [.. s_wandering.Take(3), 20, 20]);

        Assert.Equal([AlertState.Firing, AlertState.Resolved], events.Select(e => e.State));
        Assert.StartsWith("Resolved after 1 min 30 s (fired ", events[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_firing_message_leads_with_what_changed_by_how_much_and_since_when()
    {
        var fired = Run(s_rule).First();

        Assert.StartsWith("The reasoning-mismatch rate rose from 5.0% to 7.8% (1.6×) in the 1 min since ", fired.Message, StringComparison.Ordinal);
        Assert.Contains(", against the 5 min before. ", fired.Message, StringComparison.Ordinal);
        Assert.Contains("chi-square p = ", fired.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mismatch-rate [", fired.Message, StringComparison.Ordinal);
    }

    private static List<Alert> Run(MonitorRule rule, int[]? flaggedCounts = null)
    {
        IReadOnlyList<Alert> open = [];
        var events = new List<Alert>();
        var now = Traffic.Start.AddHours(1);
        foreach (var flagged in flaggedCounts ?? s_wandering)
        {
            var (next, raised) = MonitorEvaluator.EvaluateGroups(rule, Windows(now, flagged), open, now);
            open = next;
            events.AddRange(raised);
            now = now.AddSeconds(30);
        }

        return events;
    }

    /// <summary>A reference at 5% and a current window with <paramref name="flagged"/> of <see cref="CurrentSize"/> flagged.</summary>
    private static List<InteractionFeatures> Windows(DateTimeOffset now, int flagged)
    {
        var result = new List<InteractionFeatures>();
        Add(result, now.AddMinutes(-6), TimeSpan.FromMinutes(5), ReferenceSize, ReferenceFlagged);
        Add(result, now.AddMinutes(-1), TimeSpan.FromMinutes(1), CurrentSize, flagged);
        return result;
    }

    private static void Add(List<InteractionFeatures> into, DateTimeOffset start, TimeSpan span, int count, int flagged)
    {
        for (var i = 0; i < count; i++)
        {
            into.Add(s_blank with
            {
                Id = $"{start.Ticks}-{i}",
                Timestamp = start + (span * i / count),
                FlagCategories = i < flagged ? ["reasoning-mismatch"] : [],
            });
        }
    }

    private static double PValue(int flagged) =>
        HomogeneityTest.ChiSquare([ReferenceFlagged, ReferenceSize - ReferenceFlagged], [flagged, CurrentSize - flagged]).PValue;
}
