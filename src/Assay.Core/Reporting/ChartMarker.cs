namespace Assay.Reporting;

/// <summary>A moment marked on a chart with a vertical line, such as an alert firing.</summary>
/// <param name="Label">What happened, e.g. the rule's id; may come from the policy, so renderers escape it.</param>
public sealed record ChartMarker(DateTimeOffset At, string Label);
