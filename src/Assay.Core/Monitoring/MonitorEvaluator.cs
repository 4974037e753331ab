namespace Assay.Monitoring;

/// <summary>Evaluates a monitor rule at a point in time and moves its alerts between firing and resolved.</summary>
/// <remarks>
/// Pure: the previous open alerts go in, the new open alerts and the events (fired, resolved) come out, so the caller
/// decides where state lives. There is at most one open alert per rule and key: a condition that persists refreshes the
/// open alert without a new event. A window too small to judge changes nothing — it neither fires nor resolves.
/// </remarks>
public static class MonitorEvaluator
{
    /// <summary>Evaluates <paramref name="rule"/> for <paramref name="key"/> over <paramref name="observations"/> at <paramref name="now"/>.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="key">What the observations belong to (e.g. <c>*</c> or a model version).</param>
    /// <param name="observations">Observations covering at least the reference and current windows; others are ignored.</param>
    /// <param name="open">The open alerts before this evaluation, of any rule.</param>
    /// <param name="now">The evaluation time: the end of the current window.</param>
    public static MonitorEvaluation Evaluate(MonitorRule rule, string key, IReadOnlyList<InteractionFeatures> observations, IReadOnlyList<Alert> open, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(observations);
        var (reference, current) = Split(rule, observations, now);
        return Apply(rule, key, MonitorMeasurement.Measure(Tested(rule, key, open), reference, current), open, now);
    }

    /// <summary>
    /// Evaluates <paramref name="rule"/> once per key of its <see cref="MonitorRule.GroupBy"/> (<c>*</c> when ungrouped):
    /// every key seen in the observations, and every key with an open alert of this rule, so that an alert can resolve.
    /// </summary>
    /// <returns>The open alerts after all keys, and the events of all keys in key order.</returns>
    public static (IReadOnlyList<Alert> Open, IReadOnlyList<Alert> Events) EvaluateGroups(
        MonitorRule rule, IReadOnlyList<InteractionFeatures> observations, IReadOnlyList<Alert> open, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(open);
        if (rule.GroupBy == MonitorGrouping.None)
        {
            var single = Evaluate(rule, AllKey, observations, open, now);
            return (single.Open, single.Events);
        }

        var groups = observations.GroupBy(o => KeyOf(rule.GroupBy, o), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var keys = groups.Keys.Concat(open.Where(a => a.RuleId == rule.Id).Select(a => a.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var events = new List<Alert>();
        foreach (var key in keys)
        {
            var group = groups.TryGetValue(key, out var found) ? found : [];
            var (reference, current) = Split(rule, group, now);
            // A key with no traffic in either window (a retired version, a closed project) would otherwise keep its
            // alert open forever: too few samples never resolve. Gone for a whole reference and window, it is stale.
            var outcome = reference.Count == 0 && current.Count == 0
                ? new MonitorOutcome(MonitorCondition.Clear, double.NaN, 0, 0, "No traffic for this key in the reference or the current window; the alert is stale.")
                : MonitorMeasurement.Measure(Tested(rule, key, open), reference, current);
            var evaluation = Apply(rule, key, outcome, open, now);
            open = evaluation.Open;
            events.AddRange(evaluation.Events);
        }

        return (open, events);
    }

    /// <summary>
    /// The rule as tested for <paramref name="key"/>: at its resolve level while an alert is open (hysteresis), so that
    /// a p-value wandering around alpha neither resolves nor re-fires the alert at every crossing.
    /// </summary>
    public static MonitorRule Tested(MonitorRule rule, string key, IReadOnlyList<Alert> open)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(open);
        var firing = open.Any(a => a.RuleId == rule.Id && a.Key == key && a.State == AlertState.Firing);
        return firing && rule.Test != MonitorTest.Threshold ? rule with { Alpha = rule.HoldAlpha } : rule;
    }

    /// <summary>The key of ungrouped rules.</summary>
    public const string AllKey = "*";

    /// <summary>The key an observation belongs to under <paramref name="grouping"/>.</summary>
    public static string KeyOf(MonitorGrouping grouping, InteractionFeatures observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return grouping switch
        {
            MonitorGrouping.ModelVersion => observation.ModelVersion,
            MonitorGrouping.Project => observation.Project ?? "(none)",
            _ => AllKey,
        };
    }

    /// <summary>
    /// The reference window [now − window − reference, now − window), or the rule's fixed baseline (less anything from the
    /// current window on), and the current window [now − window, now), in time order.
    /// </summary>
    public static (IReadOnlyList<InteractionFeatures> Reference, IReadOnlyList<InteractionFeatures> Current) Split(
        MonitorRule rule, IReadOnlyList<InteractionFeatures> observations, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(observations);
        var currentStart = now - rule.Window;
        if (rule.Baseline is { } baseline)
        {
            var ordered = observations.Where(o => o.Timestamp is not null).OrderBy(o => o.Timestamp).ToArray();
            return ([.. ordered.Where(o => baseline.Contains(o.Timestamp!.Value) && o.Timestamp < currentStart)],
                [.. ordered.Where(o => o.Timestamp >= currentStart && o.Timestamp < now)]);
        }

        var referenceStart = currentStart - rule.Reference;
        var timed = observations.Where(o => o.Timestamp is { } t && t >= referenceStart && t < now).OrderBy(o => o.Timestamp).ToArray();
        return ([.. timed.Where(o => o.Timestamp < currentStart)], [.. timed.Where(o => o.Timestamp >= currentStart)]);
    }

    /// <summary>Applies a measurement to the open alerts: fire, refresh, resolve or leave alone.</summary>
    public static MonitorEvaluation Apply(MonitorRule rule, string key, MonitorOutcome outcome, IReadOnlyList<Alert> open, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(open);
        var index = -1;
        for (var i = 0; i < open.Count; i++)
        {
            if (open[i].RuleId == rule.Id && open[i].Key == key && open[i].State == AlertState.Firing)
            {
                index = i;
                break;
            }
        }

        var next = open.ToList();
        var events = new List<Alert>();
        switch (outcome.Condition)
        {
            case MonitorCondition.Breached when index < 0:
                var fired = new Alert(rule.Id, key, AlertState.Firing, now, null, outcome.Value, AlertMessage.Firing(rule, key, outcome, now, now));
                next.Add(fired);
                events.Add(fired);
                break;
            case MonitorCondition.Breached:
                next[index] = next[index] with { Value = outcome.Value, Message = AlertMessage.Firing(rule, key, outcome, next[index].FiredAt, now) };
                break;
            case MonitorCondition.Clear when index >= 0:
                var resolved = next[index] with { State = AlertState.Resolved, ResolvedAt = now, Value = outcome.Value, Message = AlertMessage.Resolved(rule, key, outcome, next[index].FiredAt, now) };
                next.RemoveAt(index);
                events.Add(resolved);
                break;
        }

        return new MonitorEvaluation(outcome, next, events);
    }
}
