namespace Assay.Monitoring;

/// <summary>The comparison of two model versions: whether their inputs differ, and how their outputs differ given that.</summary>
/// <param name="Baseline">The baseline version's label.</param>
/// <param name="Candidate">The candidate version's label.</param>
/// <param name="Inputs">The drift test of the input features (what was asked of each version).</param>
/// <param name="NaiveOutputs">The output features compared directly, ignoring any input shift.</param>
/// <param name="StratifiedBy">The input feature the outputs were stratified by, or null when the inputs did not differ.</param>
/// <param name="StratifiedOutputs">The output features compared within strata, when stratified.</param>
/// <param name="Summary">One sentence saying what can and cannot be concluded.</param>
public sealed record ModelComparisonReport(
    string Baseline,
    string Candidate,
    DriftReport Inputs,
    DriftReport NaiveOutputs,
    string? StratifiedBy,
    IReadOnlyList<StratifiedDrift> StratifiedOutputs,
    string Summary)
{
    /// <summary>Whether the two versions were asked different things (the input-shift guard tripped).</summary>
    public bool InputsShifted => Inputs.AnyDrift;
}
