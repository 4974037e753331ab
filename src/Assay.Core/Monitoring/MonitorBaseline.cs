namespace Assay.Monitoring;

/// <summary>A fixed reference period [<paramref name="From"/>, <paramref name="To"/>) that a monitor compares every current window with.</summary>
/// <remarks>
/// A trailing reference follows the traffic, so a slow drift becomes the norm and stops alarming; a fixed baseline
/// (the week a version was approved, say) does not forget. Observations of the current window are never also counted
/// in the baseline.
/// </remarks>
public sealed record MonitorBaseline(DateTimeOffset From, DateTimeOffset To)
{
    public bool Contains(DateTimeOffset time) => time >= From && time < To;
}
