using Assay.Detection.Text;

namespace Assay.Detection.Reasoning;

/// <summary>Why and where an answer departs from the reasoning's conclusion.</summary>
/// <param name="Reason">The end of the explanation sentence ("negates it", "states a different number"…).</param>
/// <param name="Response">The contradicting span of the response.</param>
internal sealed record MismatchFinding(string Reason, TextSpan Response);
