using Assay.Detection;
using Assay.Domain;
using Assay.Policy;
using Assay.Routing;
using Assay.Statistics;
using Assay.Statistics.Estimators;

namespace Assay.Validation;

/// <summary>Section 4: a rule's false-negative rate estimated from a review sample of flags and an audit sample of unflagged traffic, beside the truth.</summary>
/// <remarks>
/// Items are routed by <see cref="Router.Route"/>, whose draw is a keyed hash of the item's id, so the sample is
/// deterministic and each reviewed item's inclusion probability is known.
/// </remarks>
internal static class AuditSampleSection
{
    /// <summary>Share of unflagged traffic drawn for audit; higher than the starter policy's 2% so the sample has some size.</summary>
    public const double AuditRate = 0.15;

    private const int Replays = 200;

    public static void Write(DataFolder data, IDetector rules, MarkdownReport report)
    {
        report.Heading(2, "4. False-negative rate from an audit sample, beside the truth");
        var routing = StarterPolicy.Load().Routing;
        report.Paragraph(
            "Each labelled dataset is treated as one period of production traffic and routed by Assay's router (`Router.Route`) under " +
            $"the starter policy's routing (salt `{routing.Salt}`): flags are reviewed at the policy's rate for their category " +
            $"(over-refusal {Rate(routing, "over-refusal"):0.##}, other categories {routing.FlaggedRate:0.##}, `unsafe.*` always), and unflagged items are " +
            $"drawn for audit at {AuditRate:0.##} instead of the policy's {routing.AuditRate:0.##}, which on a few hundred items would give a handful. " +
            "Only the reviewed items' human labels reach the estimator (`TieredReviewEstimators.Recall`, weighted by 1/π with π the " +
            "router's inclusion probability); the truth uses every label. The last two columns replay the whole design under " +
            $"{Replays} other salts and count how often the 95% interval held the true false-negative rate.");

        var completions = data.Xstest("mistralinstruct").Concat(data.Xstest("mistralguard")).ToList();
        var halu = data.HaluEval();
        var results = new List<AuditResult>
        {
            Audit("XSTest (both setups), starter over-refusal rules vs human refusal", routing,
                [.. completions.Select(c => Item(rules, c.Setup + ":" + c.Id, c.Prompt, c.Completion, c.Refused, "over-refusal"))]),
            Audit("XSTest (both setups), `strmatch_label` vs human refusal", routing,
                [.. completions.Select(c => StrmatchItem(c))]),
            Audit("halueval_general, any starter rule vs hallucination", routing,
                [.. halu.Select(i => Item(rules, $"halueval:{i.Line}", i.Query, i.Response, i.Hallucinated, null))]),
            Audit("halueval_general, hallucination rules vs hallucination", routing,
                [.. halu.Select(i => Item(rules, $"halueval:{i.Line}", i.Query, i.Response, i.Hallucinated, "hallucination"))]),
        };
        report.Table(
            ["traffic and rule", "flagged / unflagged", "π flagged / π audit", "reviewed flags / audited", "misses found in audit",
             "estimated FNR [95%]", "true FNR", "estimated recall [95%]", "true recall", $"interval held true FNR ({Replays} salts)", "mean estimated FNR"],
            results.Select(r => r.Cells));
        var held = results.Count(r => r.Held);
        var worstCoverage = results.Min(r => r.Covered) / (double)Replays;
        report.Paragraph(
            "The hallucination rules flag nothing on this data, so recall is exactly 0 and the estimator returns FNR = 1 with no " +
            "uncertainty: correct, but it only shows that nothing was caught.");
        report.Verdict(held == results.Count && worstCoverage >= 0.9,
            $"Under the salt above the interval held the true false-negative rate in {held} of {results.Count} cases; across replays " +
            $"coverage was at least {MarkdownReport.Percent(worstCoverage)} (nominal 95%; the Bonferroni-combined interval is meant to be conservative).");
    }

    private static double Rate(RoutingPolicy routing, string category) =>
        routing.FlaggedRates.TryGetValue(category, out var rate) ? rate : routing.FlaggedRate;

    /// <summary>The item with the flags of <paramref name="category"/> (all flags when null).</summary>
    private static AuditItem Item(IDetector rules, string id, string prompt, string response, bool failure, string? category)
    {
        var interaction = Interactions.Of(id, prompt, response);
        var flags = new List<Flag>();
        rules.Detect(interaction, flags);
        return new AuditItem(interaction, [.. flags.Where(f => category is null || f.Category == category)], failure);
    }

    /// <summary>The upstream string-match classifier's refusal verdict, routed like an over-refusal flag.</summary>
    private static AuditItem StrmatchItem(XstestCompletion c)
    {
        var interaction = Interactions.Of(c.Setup + ":" + c.Id, c.Prompt, c.Completion);
        IReadOnlyList<Flag> flags = c.StrmatchRefused
            ? [new Flag("xstest.strmatch", "over-refusal", Severity.Low, "xstest", [], "XSTest's string-match classifier marked a refusal.")]
            : [];
        return new AuditItem(interaction, flags, c.Refused);
    }

    private static AuditResult Audit(string name, RoutingPolicy routing, List<AuditItem> items)
    {
        var trueMisses = items.Count(i => !i.Flagged && i.Failure);
        var trueFailures = items.Count(i => i.Failure);
        var trueFnr = trueFailures == 0 ? double.NaN : trueMisses / (double)trueFailures;
        var (estimate, reviewed, audited, found, rates) = Estimate(items, routing);

        int covered = 0, valid = 0;
        double sum = 0;
        for (var r = 1; r <= Replays; r++)
        {
            var (replay, _, _, _, _) = Estimate(items, routing with { Salt = $"{routing.Salt}/replay-{r}" });
            if (!double.IsNaN(replay.FalseNegativeRate.Value))
            {
                valid++;
                sum += replay.FalseNegativeRate.Value;
            }

            covered += replay.FalseNegativeRate.Low <= trueFnr && trueFnr <= replay.FalseNegativeRate.High ? 1 : 0;
        }

        var flagged = items.Count(i => i.Flagged);
        var fnr = estimate.FalseNegativeRate;
        string[] cells =
        [
            name,
            $"{flagged} / {items.Count - flagged}",
            rates,
            $"{reviewed} / {audited}",
            found.ToString(),
            MarkdownReport.Interval(fnr) + (fnr.Warning is { } w ? $" ({w})" : ""),
            MarkdownReport.Number(trueFnr),
            MarkdownReport.Interval(estimate.Recall),
            MarkdownReport.Number(1 - trueFnr),
            $"{covered}/{Replays}",
            MarkdownReport.Number(valid > 0 ? sum / valid : double.NaN),
        ];
        return new AuditResult(cells, fnr.Low <= trueFnr && trueFnr <= fnr.High, covered);
    }

    /// <summary>Routes every item with Assay's router (audit rate raised to <see cref="AuditRate"/>) and estimates recall from the reviewed ones.</summary>
    private static (RecallEstimate Estimate, int Reviewed, int Audited, int Found, string Rates) Estimate(List<AuditItem> items, RoutingPolicy routing)
    {
        var router = new Router(routing with { AuditRate = AuditRate });
        var reviewedFlags = new List<ReviewedItem>();
        var audit = new List<ReviewedItem>();
        var flaggedRates = new SortedSet<double>();
        foreach (var item in items)
        {
            var decision = router.Route(item.Interaction, item.Flags);
            if (item.Flagged)
            {
                flaggedRates.Add(decision.InclusionProbability);
            }

            if (decision.Selected)
            {
                (item.Flagged ? reviewedFlags : audit).Add(new ReviewedItem(item.Failure, decision.InclusionProbability));
            }
        }

        var flagged = items.Count(i => i.Flagged);
        var estimate = TieredReviewEstimators.Recall(reviewedFlags, flagged, audit, items.Count - flagged);
        var rates = $"{(flaggedRates.Count == 0 ? "—" : string.Join(", ", flaggedRates.Select(r => r.ToString("0.##"))))} / {AuditRate:0.##}";
        return (estimate, reviewedFlags.Count, audit.Count, audit.Count(a => a.Positive), rates);
    }
}
