namespace Assay.Validation;

/// <summary>One labelled item: whether a rule flagged it and whether the humans found the failure the rule stands for.</summary>
internal sealed record LabelledFlag(string Id, bool Flagged, bool Failure);
