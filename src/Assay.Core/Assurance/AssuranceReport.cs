namespace Assay.Assurance;

/// <summary>The assurance metrics of a window: rule precision, recall and false-negative rate, prevalence, and the agreement behind them.</summary>
/// <param name="Reviewed">Reviewed items given.</param>
/// <param name="Decided">Items with a truth (consensus or adjudication): the only ones the estimates use.</param>
/// <param name="Pending">Items whose labels disagree and await adjudication (or have no label yet): excluded.</param>
/// <param name="Population">Interactions in the window across all tiers, as counted by the caller.</param>
/// <param name="Agreement">The agreement that decides every metric's reliability mark.</param>
/// <param name="Precision">One entry per (rule, category) that flagged a reviewed item, in ordinal order.</param>
/// <param name="Recall">One entry per category, in ordinal order.</param>
/// <param name="OverallRecall">Recall of the flagging as a whole: any flag against any failure.</param>
/// <param name="Prevalence">One entry per category, in ordinal order.</param>
/// <param name="OverallPrevalence">Prevalence of any failure.</param>
public sealed record AssuranceReport(
    int Reviewed,
    int Decided,
    int Pending,
    long Population,
    AgreementReport Agreement,
    IReadOnlyList<RulePrecision> Precision,
    IReadOnlyList<CategoryRecall> Recall,
    CategoryRecall OverallRecall,
    IReadOnlyList<CategoryPrevalence> Prevalence,
    CategoryPrevalence OverallPrevalence)
{
    /// <summary>
    /// Judge–human calibration per judge rule (see <see cref="JudgeCalibrations"/>); empty when the policy has no judges.
    /// Unreliable judges' flags are already left out of <see cref="Precision"/> and <see cref="Recall"/>.
    /// </summary>
    public IReadOnlyList<JudgeCalibration> Judges { get; init; } = [];
}
