using System.Globalization;
using Assay.Assurance;
using Assay.Monitoring;
using Assay.Pipeline;
using Assay.Policy;
using Assay.Reporting;
using Assay.Review;
using Assay.Routing;
using Assay.Statistics;
using Assay.Storage;

namespace Assay.Server.Reports;

/// <summary>What a report covers: a closed window, and one project or every project (<see cref="ApiKey.AllProjects"/>).</summary>
public sealed record ReportRequest(DateTimeOffset From, DateTimeOffset To, string Project);

/// <summary>The stores a report reads (interactions for drift and judge verdicts), and the policy whose taxonomy and review settings it is measured under.</summary>
public sealed record ReportSources(IInteractionStore Interactions, IReviewStore Reviews, IAlertStore Alerts, IPolicyStore Policies, IAuditStore Audit, PolicyDocument Policy, IIncidentStore Incidents);

/// <summary>
/// Builds the report of a window for <c>assay report</c> and <c>GET /v1/reports</c>: volume and flags, review coverage,
/// agreement with its verdict, the assurance metrics with intervals, alerts, the policy versions in force, and the audit
/// chain's head at the window's end, which ties the report to the log.
/// </summary>
/// <remarks>
/// Everything comes from the window, never from "now": the same closed window gives the same bytes however often it is
/// generated (the metrics' intervals are computed without randomness or with fixed seeds). A window still open changes as
/// data arrives.
/// </remarks>
public static partial class ReportBuilder
{
    private const int MaxAlertPages = 20;

    public static async Task<ReportDocument> BuildAsync(ReportSources sources, ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(request);
        var (policy, from, to, project) = (sources.Policy, request.From, request.To, request.Project);
        var items = await sources.Reviews.ReviewedItemsAsync(project, from, to, null, cancellationToken);
        var population = await sources.Reviews.PopulationAsync(project, from, to, null, cancellationToken);
        var metrics = await Review.MetricsEndpoints.MeasureAsync(sources.Reviews, policy, project, items, population, from, to, null, cancellationToken);
        var alerts = await AlertsAsync(sources, policy, request, cancellationToken);
        var versions = await VersionsAsync(sources.Policies, from, to, cancellationToken);
        var head = await sources.Audit.HeadBeforeAsync(to, cancellationToken);
        var traffic = await ReportTraffic.ReadAsync(sources.Interactions, project, from - (to - from), to, cancellationToken);

        var scope = project == ApiKey.AllProjects ? "all projects" : $"project {project}";
        var lead = new List<string>
        {
            $"Window: {Time(from)} to {Time(to)} (UTC, end excluded); {scope}.",
            head is null
                ? "Audit chain: no entry before the window's end."
                : $"Audit chain head at the window's end: entry {head.Seq}, SHA-256 {head.Hash}. Check it against the log with: assay audit verify --anchor {head.Seq}:{head.Hash}",
        };
        return new ReportDocument($"Assay report: {scope}", lead,
        [
            Volume(population, policy),
            Coverage(metrics, population),
            Agreement(metrics.Agreement),
            Assurance(metrics),
            await JudgesAsync(sources.Interactions, policy, metrics.Judges, traffic.Since(from), cancellationToken),
            await DriftAsync(sources.Interactions, traffic, policy, alerts, request, cancellationToken),
            Alerts(alerts),
            await IncidentsAsync(sources, request, cancellationToken),
            Versions(versions, policy),
        ]);
    }

    private static ReportSection Volume(PopulationCounts population, PolicyDocument policy)
    {
        var total = population.ByTier.Values.Sum();
        var categoryOf = PipelineFactory.Create(policy).Kinds.GroupBy(k => k.Rule, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Category, StringComparer.Ordinal);
        foreach (var judge in policy.Judges)
            categoryOf.TryAdd(judge.Id, judge.Category);
        var byCategory = population.FlagsByRule
            .GroupBy(r => categoryOf.GetValueOrDefault(r.Key, "(rule not in this policy)"), StringComparer.Ordinal)
            .Select(g => (Label: g.Key, Value: (double)g.Sum(r => r.Value)))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Label, StringComparer.Ordinal).ToList();
        var tiers = Enum.GetValues<Tier>().Select(t => (IReadOnlyList<string>)[TierName(t), Count(population.ByTier.GetValueOrDefault(t))]).ToList();
        return new ReportSection("Volume and flags",
        [
            new ReportParagraph($"{Count(total)} interactions in the window, by review tier:"),
            new ReportTable(["tier", "interactions"], tiers, [false, true]),
            new ReportFigure(SvgBarChart.Render("Flags by category", byCategory), "Flags by category: interactions flagged by the rules of each category in the window."),
            new ReportTable(["category", "flags"], [.. byCategory.Select(c => (IReadOnlyList<string>)[c.Label, Count((long)c.Value)])], [false, true]),
        ]);
    }

    private static ReportSection Coverage(AssuranceReport metrics, PopulationCounts population)
    {
        var routed = population.ByTier.Where(t => t.Key != Tier.None).Sum(t => t.Value);
        return new ReportSection("Review coverage",
        [
            new ReportParagraph($"{Count(routed)} interactions were routed to review (flagged, high-risk or drawn for audit); "
                + $"{Count(metrics.Reviewed)} of them were labelled, {Count(metrics.Decided)} have a decided truth (consensus or adjudication), "
                + $"and {Count(metrics.Pending)} await adjudication or further labels. Only decided items enter the estimates below."),
        ]);
    }

    private static ReportSection Agreement(AgreementReport agreement)
    {
        var rows = new[] { agreement.Overall }.Concat(agreement.Categories)
            .Select(m => (IReadOnlyList<string>)[m.Category, Interval(m.Alpha), Interval(m.Ac1), Count(m.Items), Verdict(m.Reliability)]).ToList();
        return new ReportSection("Reviewer agreement",
        [
            new ReportParagraph($"{Count(agreement.Items)} items labelled by two or more of {Count(agreement.Reviewers)} reviewers. "
                + $"A metric is trusted only where Krippendorff's alpha is at least {Decimal(agreement.Threshold)} on {Count(agreement.MinimumItems)} or more items. "
                + $"Verdict on the labels as a whole: {Verdict(agreement.Overall.Reliability)}."),
            new ReportTable(["judgement", "alpha [95% interval]", "Gwet's AC1 [95% interval]", "items", "reliability"], rows, [false, true, true, true, false]),
        ]);
    }

    private static ReportSection Assurance(AssuranceReport metrics)
    {
        var precision = metrics.Precision.Select(p => (IReadOnlyList<string>)[p.Rule, p.Category, Interval(p.Precision), Count(p.Precision.SampleSize),
            p.Flags is { } flags ? Count(flags) : "", Verdict(p.Reliability)]).ToList();
        var recall = new[] { metrics.OverallRecall }.Concat(metrics.Recall).Select(r => (IReadOnlyList<string>)[r.Category, Interval(r.Recall),
            Interval(r.FalseNegativeRate), Count(r.FlaggedReviewed), Count(r.AuditReviewed), Verdict(r.Reliability)]).ToList();
        var prevalence = new[] { metrics.OverallPrevalence }.Concat(metrics.Prevalence).Select(p => (IReadOnlyList<string>)[p.Category,
            Interval(p.Prevalence), Decimal(p.EstimatedCount, 1), Verdict(p.Reliability)]).ToList();
        return new ReportSection("Precision, false negatives, recall and prevalence",
        [
            new ReportParagraph("Estimates weight each reviewed item by the inverse of its chance of being reviewed (Horvitz–Thompson), so the random audit sample of unflagged traffic measures what the rules miss. Intervals are 95%."),
            new ReportTable(["rule", "category", "precision [95%]", "decided flags", "flags in window", "reliability"], precision, [false, false, true, true, true, false]),
            new ReportTable(["category", "recall [95%]", "false-negative rate [95%]", "flagged reviewed", "audit reviewed", "reliability"], recall, [false, true, true, true, true, false]),
            new ReportTable(["category", "prevalence [95%]", "estimated count", "reliability"], prevalence, [false, true, true, false]),
        ]);
    }

    private static ReportSection Alerts(IReadOnlyList<StoredAlertEvent> events)
    {
        if (events.Count == 0)
            return new ReportSection("Alerts", [new ReportParagraph("No alert fired or resolved in the window.")]);
        var rows = events.Select(e => (IReadOnlyList<string>)[Time(e.RecordedAt), e.Alert.RuleId, e.Alert.Key,
            e.Alert.State == AlertState.Firing ? "fired" : "resolved", e.Alert.Message]).ToList();
        return new ReportSection("Alerts",
        [
            new ReportParagraph($"{Count(events.Count(e => e.Alert.State == AlertState.Firing))} alert(s) fired and {Count(events.Count(e => e.Alert.State == AlertState.Resolved))} resolved in the window (monitors: traffic drift, flag rates, self-agreement, volume):"),
            new ReportTable(["time", "monitor", "key", "event", "message"], rows, [false, false, false, false, false]),
        ]);
    }

    private static ReportSection Versions(IReadOnlyList<(PolicyActivation Activation, string Source)> versions, PolicyDocument measuredUnder)
    {
        var rows = versions.Select(v => (IReadOnlyList<string>)[v.Activation.Hash[..16], v.Source, Time(v.Activation.ActivatedAt), v.Activation.ActivatedBy.Name]).ToList();
        return new ReportSection("Policy versions in force",
        [
            versions.Count == 0
                ? new ReportParagraph("No policy activation is recorded up to the window's end.")
                : new ReportTable(["version", "source", "activated", "by"], rows, [false, false, false, false]),
            new ReportParagraph($"Metrics are grouped by the taxonomy and review settings of version {measuredUnder.ShortHash}."),
        ]);
    }

    /// <summary>The alert events recorded in the window that the report's scope may see, oldest first.</summary>
    private static async Task<IReadOnlyList<StoredAlertEvent>> AlertsAsync(ReportSources sources, PolicyDocument policy, ReportRequest request, CancellationToken cancellationToken)
    {
        // A project sees the alerts of the monitors grouped by project, keyed by its own name (as GET /v1/alerts shows them).
        var scope = request.Project == ApiKey.AllProjects
            ? null
            : new AlertScope([.. MonitorReader.Read(policy).Rules.Where(r => r.GroupBy == MonitorGrouping.Project).Select(r => r.Id)], request.Project);
        var found = new List<StoredAlertEvent>();
        long? before = null;
        for (var page = 0; page < MaxAlertPages; page++)
        {
            var events = await sources.Alerts.ListAsync(200, before, scope, cancellationToken);
            found.AddRange(events.Where(e => e.RecordedAt >= request.From && e.RecordedAt < request.To));
            if (events.Count < 200 || events[^1].RecordedAt < request.From)
                break;
            before = events[^1].EventId;
        }

        return [.. found.OrderBy(e => e.EventId)];
    }

    /// <summary>The version in force when the window opened and every one activated during it, in order.</summary>
    private static async Task<IReadOnlyList<(PolicyActivation Activation, string Source)>> VersionsAsync(IPolicyStore store, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var versions = await store.ListAsync(1000, null, cancellationToken);
        var activations = versions.SelectMany(v => v.Activations.Select(a => (Activation: a, v.Source))).OrderBy(a => a.Activation.Id).ToList();
        var opening = activations.LastOrDefault(a => a.Activation.ActivatedAt <= from);
        var during = activations.Where(a => a.Activation.ActivatedAt > from && a.Activation.ActivatedAt < to);
        return [.. (opening.Activation is null ? during : during.Prepend(opening))];
    }

    private static string TierName(Tier tier) => tier switch
    {
        Tier.None => "not reviewed",
        _ => tier.ToString().ToLowerInvariant(),
    };

    private static string Verdict(Reliability reliability) => reliability.Status switch
    {
        ReliabilityStatus.Reliable => "reliable",
        ReliabilityStatus.Unreliable => "unreliable",
        _ => "insufficient data",
    };

    private static string Interval(Estimate estimate) => double.IsFinite(estimate.Value)
        ? $"{Decimal(estimate.Value)} [{Decimal(estimate.Low)}, {Decimal(estimate.High)}]"
        : "n/a";

    private static string Decimal(double value, int decimals = 3) =>
        Fixed(Math.Round(value, decimals) == 0 ? 0 : value, decimals);

    private static string Fixed(double value, int decimals)
    {
        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
