using Assay.Monitoring;
using Assay.Policy;

namespace Assay.Core.Tests.Monitoring;

public sealed class MonitorReaderTests
{
    private const string Head = """
        taxonomy:
          - {id: pii-leak, name: PII, definition: d, severity: high}
          - {id: over-refusal, name: Refusal, definition: d, severity: low}
        rules:
          - {id: r, category: pii-leak, kind: literal, pattern: secret, description: d}

        """;

    private static MonitorReadResult Read(string monitors)
    {
        var loaded = PolicyLoader.Parse(Head + monitors, "p.yaml");
        Assert.NotNull(loaded.Policy);
        return MonitorReader.Read(loaded.Policy);
    }

    [Fact]
    public void Read_rules_with_explicit_values_and_defaults()
    {
        var result = Read("""
            monitors:
              - id: refusals
                metric: flag_rate
                category: over-refusal
                window: 15m
                reference: 7d
                test: cusum
                alpha: 0.01
                min_samples: 200
                buckets: 12
              - id: drift
                metric: drift
              - id: quiet
                metric: volume
                below: 10
              - id: pii-cap
                metric: flag_rate
                category: pii-leak
                above: 0.02
              - id: consistency
                metric: self_agreement
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(
            new MonitorRule("refusals", MonitorMetric.FlagRate, "over-refusal", TimeSpan.FromMinutes(15), TimeSpan.FromDays(7), MonitorTest.Cusum, null, null, 0.01, 200, 12),
            result.Rules[0]);
        Assert.Equal(new MonitorRule("drift", MonitorMetric.Drift, null, TimeSpan.FromHours(1), TimeSpan.FromHours(24), MonitorTest.Drift), result.Rules[1]);
        Assert.Equal((MonitorTest.Threshold, 10.0), (result.Rules[2].Test, result.Rules[2].Below!.Value));
        Assert.Equal(MonitorTest.Threshold, result.Rules[3].Test);
        Assert.Equal(MonitorTest.Cusum, result.Rules[4].Test);
    }

    [Fact]
    public void Read_group_by_and_min_psi()
    {
        var result = Read("""
            monitors:
              - {id: versions, metric: self_agreement, group_by: model_version}
              - {id: projects, metric: flag_rate, category: pii-leak, group_by: project}
              - {id: drift, metric: drift, min_psi: 0.1, group_by: none}
              - {id: misplaced, metric: volume, below: 1, min_psi: 0.2}
            """);

        Assert.Equal(
            [MonitorGrouping.ModelVersion, MonitorGrouping.Project, MonitorGrouping.None, MonitorGrouping.None],
            result.Rules.Select(r => r.GroupBy));
        Assert.Equal(0.1, result.Rules[2].MinPsi);
        var warning = Assert.Single(result.Problems);
        Assert.Equal((ProblemSeverity.Warning, 10), (warning.Severity, warning.Line));
        Assert.Contains("only applies to drift", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_a_fixed_baseline_and_warn_that_reference_is_then_ignored()
    {
        var result = Read("""
            monitors:
              - id: drift
                metric: drift
                reference: 7d
                baseline: {from: "2026-11-01T00:00:00Z", to: "2026-11-08T02:00:00+02:00"}
            """);

        var rule = Assert.Single(result.Rules);
        Assert.Equal(new MonitorBaseline(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 8, 0, 0, 0, TimeSpan.Zero)), rule.Baseline);
        var warning = Assert.Single(result.Problems);
        Assert.Equal((ProblemSeverity.Warning, 9), (warning.Severity, warning.Line));
    }

    [Fact]
    public void Read_a_baseline_per_model_version_warns_that_later_versions_have_no_reference()
    {
        var result = Read("""
            monitors:
              - id: drift
                metric: drift
                group_by: model_version
                baseline: {from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z"}
            """);

        Assert.Single(result.Rules);
        Assert.Contains("released after the baseline", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_the_starter_policy_monitors_without_problems()
    {
        var loaded = PolicyLoader.Parse(StarterPolicy.Yaml(), "starter.yaml");

        var result = MonitorReader.Read(loaded.Policy!);

        Assert.Empty(result.Problems);
        Assert.Contains(result.Rules, r => r.Metric == MonitorMetric.SelfAgreement && r.GroupBy == MonitorGrouping.ModelVersion);
        Assert.Contains(result.Rules, r => r.Metric == MonitorMetric.Drift && r.MinPsi > 0);
    }

    [Fact]
    public void Read_policy_without_monitors_has_no_rules()
    {
        var result = Read("");

        Assert.Empty(result.Rules);
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("  - {id: a, metric: flag_rate}\n", 7, "needs a 'category'")]
    [InlineData("  - {id: a, metric: flag_rate, category: nonsense}\n", 7, "unknown category")]
    [InlineData("  - {id: a, metric: speed}\n", 7, "Unknown metric")]
    [InlineData("  - {id: a, metric: drift, window: 5 minutes}\n", 7, "duration")]
    [InlineData("  - {id: a, metric: volume, test: cusum}\n", 7, "does not apply")]
    [InlineData("  - {id: a, metric: volume}\n", 7, "'above' or 'below'")]
    [InlineData("  - {id: a, metric: drift, alpha: 2}\n", 7, "'alpha'")]
    [InlineData("  - {id: a, metric: drift, min_samples: 0}\n", 7, "'min_samples'")]
    [InlineData("  - {id: a, metric: drift}\n  - {id: a, metric: drift}\n", 8, "used twice")]
    [InlineData("  - {id: a, metric: drift, group_by: user}\n", 7, "group_by")]
    [InlineData("  - {id: a, metric: self_agreement, test: page_hinkley, alpha: 0.001}\n", 7, "cannot certify")]
    [InlineData("  - {id: a, metric: drift, min_psi: -1}\n", 7, "'min_psi'")]
    [InlineData("  - {id: a, metric: drift, alpha: 0.1, resolve_alpha: 0.05}\n", 7, "stricter level")]
    [InlineData("  - {id: a, metric: drift, resolve_alpha: 0.9}\n", 7, "'resolve_alpha'")]
    [InlineData("  - {id: a, metric: drift, incident: urgent}\n", 7, "incident 'urgent'")]
    [InlineData("  - {id: a, metric: drift, baseline: last-week}\n", 7, "'baseline' must be a mapping")]
    [InlineData("  - {id: a, metric: drift, baseline: {from: 2026-11-01, to: 2026-11-08T00:00:00Z}}\n", 7, "'baseline.from'")]
    [InlineData("  - {id: a, metric: drift, baseline: {from: 2026-11-08T00:00:00Z}}\n", 7, "'baseline.to'")]
    [InlineData("  - {id: a, metric: drift, baseline: {from: 2026-11-08T00:00:00Z, to: 2026-11-01T00:00:00Z}}\n", 7, "before")]
    public void Read_bad_rules_are_errors_with_their_line_and_are_left_out(string rules, int line, string text)
    {
        var result = Read("monitors:\n" + rules);

        var problem = Assert.Single(result.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal(line, problem.Line);
        Assert.Contains(text, problem.Message, StringComparison.Ordinal);
        Assert.True(result.Rules.Count <= 1);
        Assert.DoesNotContain(result.Rules, r => r.Metric != MonitorMetric.Drift);
    }

    [Fact]
    public void Read_resolve_alpha_defaults_to_0_2_and_takes_the_policy_value()
    {
        var result = Read("monitors:\n  - {id: a, metric: drift}\n  - {id: b, metric: drift, resolve_alpha: 0.3}\n");

        Assert.Empty(result.Problems);
        Assert.Equal(MonitorRule.DefaultResolveAlpha, result.Rules[0].HoldAlpha);
        Assert.Equal(0.3, result.Rules[1].HoldAlpha);
    }

    [Fact]
    public void Read_incident_names_the_severity_of_the_incident_each_firing_opens_and_is_absent_by_default()
    {
        var result = Read("monitors:\n  - {id: a, metric: drift}\n  - {id: b, metric: drift, incident: critical}\n");

        Assert.Empty(result.Problems);
        Assert.Null(result.Rules[0].OpenIncident);
        Assert.Equal(Assay.Incidents.IncidentSeverity.Critical, result.Rules[1].OpenIncident);
    }

    [Fact]
    public void Read_unknown_key_is_a_warning_and_the_rule_is_kept()
    {
        var result = Read("monitors:\n  - {id: a, metric: drift, treshold: 3}\n");

        var warning = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Warning, warning.Severity);
        Assert.Single(result.Rules);
    }

    [Fact]
    public void Read_monitors_that_is_not_a_list_is_an_error()
    {
        var result = Read("monitors: {id: a}\n");

        Assert.Equal(6, Assert.Single(result.Problems).Line);
        Assert.Empty(result.Rules);
    }
}
