using Assay.Assurance;
using Assay.Judging;
using Assay.Policy;
using Assay.Statistics;
using Assay.Storage;

namespace Assay.Server.Reports;

/// <summary>The report's section on the LLM judges: how often each ran in the window and how far it agrees with the humans.</summary>
public static partial class ReportBuilder
{
    private static async Task<ReportSection> JudgesAsync(IInteractionStore store, PolicyDocument policy, IReadOnlyList<JudgeCalibration> calibrations,
        ReportTraffic window, CancellationToken cancellationToken)
    {
        const string Title = "LLM judges against the humans";
        var verdicts = await VerdictsAsync(store, window, cancellationToken);
        if (verdicts.Count == 0)
        {
            return new ReportSection(Title,
            [
                new ReportParagraph(policy.Judges.Count == 0
                    ? "No judge ran in the window: the policy has no judge rules, and no interaction of the window carries a judge's verdict."
                    : $"No judge ran in the window: none of its {Count(window.Features.Count)} processed interactions carries a verdict of the judge rules ({string.Join(", ", policy.Judges.Select(j => j.Id))})."),
            ]);
        }

        var byRule = verdicts.GroupBy(v => v.Rule, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var rows = calibrations.Select(c =>
        {
            var own = byRule.GetValueOrDefault(c.Judge) ?? [];
            return (IReadOnlyList<string>)[c.Judge, c.Category, Count(own.Count), Count(own.Count(v => v.Verdict.Outcome == JudgeOutcome.Fail)),
                Count(c.Items), Interval(c.Alpha), Interval(c.Ac1), Verdict(c.Reliability), Detections(c)];
        }).ToList();
        var blocks = new List<ReportBlock>
        {
            new ReportParagraph($"{Count(verdicts.Count)} judge verdicts on the window's interactions. Each judge is one more rater beside the human decision "
                + $"(adjudicated, else the reviewers' consensus), on the items both decided: Krippendorff's alpha and Gwet's AC1 with 95% intervals. "
                + $"A judge whose alpha is below {Decimal(policy.Review.AgreementThreshold)} on enough items is unreliable: its flags still route items to review, "
                + "but are not counted as detections in the precision, recall and false-negative rates above."),
            new ReportTable(["judge", "category", "verdicts", "fail verdicts", "judged and decided by humans", "alpha [95% interval]", "Gwet's AC1 [95% interval]", "reliability", "flags counted as detections"],
                rows, [false, false, true, true, true, true, true, false, false]),
        };
        var unknown = byRule.Keys.Where(r => !policy.Judges.Any(j => j.Id == r)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            blocks.Add(new ReportParagraph($"Verdicts of judge rules not in this policy, not calibrated here: {string.Join(", ", unknown.Select(r => $"{r} ({Count(byRule[r].Count)})"))}."));
        return new ReportSection(Title, blocks);
    }

    /// <summary>
    /// The stored judge verdicts on the window's interactions (of the report's scope), under the policy each was processed
    /// with (as calibration takes them: a re-judged replay under another version is not counted twice), in sequence and rule order.
    /// </summary>
    private static async Task<IReadOnlyList<JudgeRecord>> VerdictsAsync(IInteractionStore store, ReportTraffic window, CancellationToken cancellationToken)
    {
        if (window.Sequences.Count == 0)
            return [];
        var policyOf = new Dictionary<long, string>();
        for (var i = 0; i < window.Sequences.Count; i++)
            policyOf[window.Sequences[i]] = window.Policies[i];
        var judged = await store.JudgedAsync(window.Sequences.Min() - 1, window.Sequences.Max(), cancellationToken);
        return [.. judged.Where(j => policyOf.TryGetValue(j.Sequence, out var policy) && policy == j.Policy)];
    }

    private static string Detections(JudgeCalibration calibration) => calibration.Reliability.Status switch
    {
        ReliabilityStatus.Unreliable => "no: agreement below the threshold",
        ReliabilityStatus.Reliable => "yes",
        _ => "yes (not yet calibrated)",
    };
}
