namespace Assay.Demo;

/// <summary>A change injected into demo traffic at a known point: from interaction <paramref name="FromIndex"/> on, one model version draws its failures at other rates.</summary>
/// <param name="FromIndex">The first interaction (0-based) the shift applies to.</param>
/// <param name="Version">The model version that changes, e.g. <c>2026-11-15</c>.</param>
/// <param name="Rates">The rates that version uses from then on.</param>
/// <remarks>A monitor that watches per model version should alert on that version and stay quiet on the other.</remarks>
public sealed record DemoShift(long FromIndex, string Version, DemoRates Rates);
