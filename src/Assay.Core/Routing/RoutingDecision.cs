namespace Assay.Routing;

/// <summary>The router's verdict on one interaction.</summary>
/// <param name="InclusionProbability">The probability with which an interaction in this situation is chosen for review; estimators weight by its inverse.</param>
/// <param name="Selected">Whether this interaction was chosen for review.</param>
/// <param name="Priority">Higher first in the review queue: severity, then the number of flags.</param>
/// <param name="Reason">Why, in words a reviewer can read.</param>
/// <param name="RequiredLabels">Independent labels the review task asks for (more for calibration tasks).</param>
public sealed record RoutingDecision(Tier Tier, double InclusionProbability, bool Selected, double Priority, string Reason, int RequiredLabels = 0);
