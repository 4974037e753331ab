using Assay.Judging;

namespace Assay.Storage;

/// <summary>One judge's stored verdict on one processed interaction: what was asked of whom, what came back, what it cost.</summary>
/// <remarks>
/// Kept whatever the outcome (pass and malformed too), because calibration needs the judge's passes as much as its fails,
/// and replay reuses the stored verdict instead of asking again, so a replay at the same policy stays identical.
/// </remarks>
/// <param name="Sequence">The interaction's sequence.</param>
/// <param name="Rule">The judge rule's id.</param>
/// <param name="Policy">Hash of the policy the interaction was processed with (the judge rule's policy).</param>
/// <param name="Model">The model that judged.</param>
/// <param name="Verdict">The verdict as read from the answer.</param>
/// <param name="Answer">The model's raw answer, cut to <see cref="MaxAnswer"/> characters: what a malformed verdict is checked against.</param>
/// <param name="Tokens">Tokens (input + output) the call cost, for the shared daily budget.</param>
/// <param name="RecordedAt">When the verdict was stored.</param>
public sealed record JudgeRecord(
    long Sequence,
    string Rule,
    string Policy,
    string Model,
    JudgeVerdict Verdict,
    string Answer,
    long Tokens,
    DateTimeOffset RecordedAt)
{
    public const int MaxAnswer = 4000;
}
