using Assay.Monitoring;
using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Monitoring;

namespace Assay.Server.Tests.Monitoring;

public sealed class AlertVisibilityTests
{
    private static readonly MonitoringSettings s_settings = new(
    [
        new MonitorRule("by-project", MonitorMetric.FlagRate, "pii-leak", TimeSpan.FromHours(1), TimeSpan.FromHours(24), MonitorTest.Compare, GroupBy: MonitorGrouping.Project),
        new MonitorRule("by-version", MonitorMetric.SelfAgreement, null, TimeSpan.FromHours(1), TimeSpan.FromHours(24), MonitorTest.Cusum, GroupBy: MonitorGrouping.ModelVersion),
    ], TimeSpan.FromSeconds(30), []);

    private static Alert Alert(string rule, string key) => new(rule, key, AlertState.Firing, DateTimeOffset.UnixEpoch, null, 0, "m");

    private static Caller Of(string project) => new("c", Role.Reviewer, project, "k");

    [Fact]
    public void Sees_a_project_key_sees_its_own_project_alert_only()
    {
        Assert.True(AlertVisibility.Sees(Of("travel"), Alert("by-project", "travel"), s_settings));
        Assert.False(AlertVisibility.Sees(Of("travel"), Alert("by-project", "support"), s_settings));
        // A model version that happens to be spelled like the project is still an aggregate over every project.
        Assert.False(AlertVisibility.Sees(Of("travel"), Alert("by-version", "travel"), s_settings));
        Assert.False(AlertVisibility.Sees(Of("travel"), Alert("retired-rule", "travel"), s_settings));
    }

    [Fact]
    public void Sees_a_key_for_every_project_sees_everything()
    {
        Assert.True(AlertVisibility.Sees(Of(ApiKey.AllProjects), Alert("by-version", "atlas@v1"), s_settings));
        Assert.True(AlertVisibility.Sees(Caller.Anonymous, Alert("retired-rule", "*"), s_settings));
    }
}
