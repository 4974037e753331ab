using Assay.Detection;
using Assay.Policy;
using Assay.Routing;
using Assay.Statistics;
using Assay.Statistics.Estimators;

namespace Assay.Validation;

/// <summary>Section 4: a rule's false-negative rate estimated from a review sample of flags and an audit sample of unflagged traffic, beside the truth.</summary>
/// <remarks>
/// The draws are the router's keyed hash of each item's id (<see cref="Router.Draw"/>), so the sample is deterministic and
/// its inclusion probability is known: the starter policy's review rate for the category's flags, and
/// <see cref="AuditRate"/> for unflagged items.
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
            "Each labelled dataset is treated as one period of production traffic. Flagged items are sent to review at the starter " +
            "policy's rate for the category; unflagged items are drawn for audit at " +
            $"{AuditRate:0.##} (the starter policy audits 2%, which on a few hundred items would give a handful). Only the reviewed " +
            "items' human labels are used by the estimator (`TieredReviewEstimators.Recall`, inverse-probability weighted); the truth " +
            "uses every label. The draw is `Router.Draw(id)` under the salt shown; the last columns replay the whole design under " +
            $"{Replays} other salts and count how often the 95% interval held the true false-negative rate.");

        var completions = data.Xstest("mistralinstruct").Concat(data.Xstest("mistralguard")).ToList();
        var xstest = completions.Select(c => new LabelledFlag(c.Setup + ":" + c.Id, ModelVersionSection.OverRefusalFlag(rules, c), c.Refused)).ToList();
        var strmatch = completions.Select(c => new LabelledFlag(c.Setup + ":" + c.Id, c.StrmatchRefused, c.Refused)).ToList();
        var haluCategories = data.HaluEval().Select(i => (Item: i, Categories: RuleScan.Categories(rules, $"halueval:{i.Line}", i.Query, i.Response))).ToList();
        var halu = haluCategories.Select(x => new LabelledFlag($"halueval:{x.Item.Line}", x.Categories.Contains("hallucination"), x.Item.Hallucinated)).ToList();
        var haluAny = haluCategories.Select(x => new LabelledFlag($"halueval:{x.Item.Line}", x.Categories.Count > 0, x.Item.Hallucinated)).ToList();

        var results = new List<AuditResult>
        {
            Audit("XSTest (both setups), starter over-refusal rules vs human refusal", xstest, Rate(routing, "over-refusal"), routing.Salt),
            Audit("XSTest (both setups), `strmatch_label` vs human refusal", strmatch, Rate(routing, "over-refusal"), routing.Salt),
            Audit("halueval_general, any starter rule vs hallucination", haluAny, routing.FlaggedRate, routing.Salt),
            Audit("halueval_general, hallucination rules vs hallucination", halu, Rate(routing, "hallucination"), routing.Salt),
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

    private static AuditResult Audit(string name, List<LabelledFlag> items, double flaggedRate, string salt)
    {
        var trueMisses = items.Count(i => !i.Flagged && i.Failure);
        var trueFailures = items.Count(i => i.Failure);
        var trueFnr = trueFailures == 0 ? double.NaN : trueMisses / (double)trueFailures;
        var (estimate, reviewed, audited, found) = Estimate(items, flaggedRate, salt);

        int covered = 0, valid = 0;
        double sum = 0;
        for (var r = 1; r <= Replays; r++)
        {
            var (replay, _, _, _) = Estimate(items, flaggedRate, $"{salt}/replay-{r}");
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
            $"{flaggedRate:0.##} / {AuditRate:0.##}",
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

    private static (RecallEstimate Estimate, int Reviewed, int Audited, int Found) Estimate(List<LabelledFlag> items, double flaggedRate, string salt)
    {
        var router = new Router(new RoutingPolicy { Salt = salt });
        var reviewedFlags = new List<ReviewedItem>();
        var audit = new List<ReviewedItem>();
        foreach (var item in items)
        {
            var rate = item.Flagged ? flaggedRate : AuditRate;
            if (router.Draw(item.Id) < rate)
            {
                (item.Flagged ? reviewedFlags : audit).Add(new ReviewedItem(item.Failure, rate));
            }
        }

        var flagged = items.Count(i => i.Flagged);
        var estimate = TieredReviewEstimators.Recall(reviewedFlags, flagged, audit, items.Count - flagged);
        return (estimate, reviewedFlags.Count, audit.Count, audit.Count(a => a.Positive));
    }
}
