namespace Assay.Incidents;

/// <summary>
/// What people wrote about an incident once they understood it: what happened, what slipped past the checks, and the
/// actions taken. The detection delay is not written: it is measured (<see cref="Incident.DetectionDelay"/>).
/// </summary>
public sealed record PostMortem(string WhatHappened, string SlippedPast, IReadOnlyList<IncidentAction> Actions)
{
    public static PostMortem Empty { get; } = new("", "", []);

    public bool IsEmpty => WhatHappened.Length == 0 && SlippedPast.Length == 0 && Actions.Count == 0;
}
