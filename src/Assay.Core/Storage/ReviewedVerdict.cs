using Assay.Judging;

namespace Assay.Storage;

/// <summary>A judge's verdict on an interaction that has a review task: what judge calibration compares with the humans' decision.</summary>
/// <param name="InteractionId">The interaction, as in <see cref="Review.ReviewedItem.InteractionId"/>.</param>
/// <param name="Rule">The judge rule's id.</param>
/// <param name="Outcome">What the judge answered.</param>
public sealed record ReviewedVerdict(string InteractionId, string Rule, JudgeOutcome Outcome);
