using Assay.Monitoring;
using Assay.Server.Auth;
using Assay.Storage;

namespace Assay.Server.Monitoring;

/// <summary>Which alerts a caller may see: project isolation applies to alerts as it does to interactions.</summary>
/// <remarks>
/// A key for every project sees every alert. A project's key sees only the alerts of rules grouped by project that are
/// keyed by its own project: the others (<c>*</c>, per model version) summarise every project's traffic.
/// </remarks>
internal static class AlertVisibility
{
    public static bool Sees(Caller caller, Alert alert, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(settings);
        if (caller.ProjectFilter is not { } project)
            return true;
        return alert.Key == project && settings.Rules.Any(r => r.Id == alert.RuleId && r.GroupBy == MonitorGrouping.Project);
    }

    /// <summary>The same rule as a store filter: null for a key for every project.</summary>
    public static AlertScope? Scope(Caller caller, MonitoringSettings settings)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(settings);
        return caller.ProjectFilter is { } project
            ? new AlertScope([.. settings.Rules.Where(r => r.GroupBy == MonitorGrouping.Project).Select(r => r.Id)], project)
            : null;
    }
}
