namespace Assay.Monitoring;

/// <summary>What a monitor rule evaluates separately: all traffic together, or each model version or project on its own.</summary>
public enum MonitorGrouping
{
    /// <summary>One evaluation over all traffic, keyed <c>*</c>.</summary>
    None,

    /// <summary>One evaluation per <c>model@version</c>: a new version that degrades is not averaged away by the old one.</summary>
    ModelVersion,

    /// <summary>One evaluation per project (interactions without one are keyed <c>(none)</c>).</summary>
    Project,
}
