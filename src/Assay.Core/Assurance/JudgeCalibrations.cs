using Assay.Judging;
using Assay.Storage;

namespace Assay.Assurance;

/// <summary>Calibrates every judge rule of a policy against the humans' decisions, and keeps unreliable judges' flags out of the detection metrics.</summary>
/// <remarks>Pure and thread-safe.</remarks>
public static class JudgeCalibrations
{
    /// <summary>
    /// One calibration per judge rule (its one category), in rule order, on the items both the judge and the humans decided:
    /// the human decision is the item's truth (adjudicated where there is one, else the reviewers' consensus).
    /// </summary>
    /// <param name="threshold">The policy's agreement threshold (<c>review.min_agreement</c>).</param>
    public static IReadOnlyList<JudgeCalibration> Compute(
        IReadOnlyList<Review.ReviewedItem> items, IReadOnlyList<ReviewedVerdict> verdicts, IReadOnlyList<JudgeRule> judges, double threshold, AssuranceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(judges);
        var truths = new Dictionary<string, Review.Verdict>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Truth is { } truth)
                truths[item.InteractionId] = truth;
        }

        return
        [
            .. judges.Select(judge => JudgeCalibration.Compute(judge.Id, judge.Category,
                [.. verdicts.Where(v => v.Rule == judge.Id && truths.ContainsKey(v.InteractionId))
                    .Select(v => new JudgedItem(v.InteractionId, v.Outcome, truths[v.InteractionId].Categories.Contains(judge.Category)))],
                threshold, options)),
        ];
    }

    /// <summary>The items with the flags of every unreliable judge left out: they routed the items to review, but are not detections.</summary>
    public static IReadOnlyList<Review.ReviewedItem> WithoutUnreliable(IReadOnlyList<Review.ReviewedItem> items, IReadOnlyList<JudgeCalibration> calibrations)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(calibrations);
        var unreliable = calibrations.Where(c => c.Unreliable).Select(c => c.Judge).ToHashSet(StringComparer.Ordinal);
        if (unreliable.Count == 0)
            return items;
        return [.. items.Select(i => i.FlaggedRules.Any(f => unreliable.Contains(f.Rule))
            ? i with { FlaggedRules = [.. i.FlaggedRules.Where(f => !unreliable.Contains(f.Rule))] }
            : i)];
    }
}
