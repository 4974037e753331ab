using System.Globalization;
using Assay.Monitoring;
using Assay.Server.Auth;
using Assay.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Dashboard;

/// <summary><c>GET /v1/compare/model-versions</c>: two model versions compared over stored traffic, inputs first.</summary>
/// <remarks>
/// The comparison is <see cref="ModelVersionComparison"/>: when the versions were asked different things, it says so and
/// compares the outputs within strata of the input instead of reporting a naive difference. Features come from the
/// dashboard's buffer, so the range is at most the dashboard's longest (7 days).
/// </remarks>
internal static class ComparisonEndpoints
{
    public static void MapModelComparison(this IEndpointRouteBuilder routes, DashboardSource source, bool requireApiKeys)
    {
        var endpoint = routes.MapGet("/v1/compare/model-versions",
                (HttpContext context, string? baseline, string? candidate, string? hours, double? alpha) => CompareAsync(source, context, baseline, candidate, hours, alpha))
            .WithTags("Monitoring")
            .WithSummary("Compare two model versions (model@version) over the last hours of traffic: input shift first, then outputs, stratified when the inputs differ")
            .Produces<ModelComparisonView>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        if (requireApiKeys)
            endpoint.RequireAuthorization(AuthPolicies.Read);
    }

    private static async Task<IResult> CompareAsync(DashboardSource source, HttpContext context, string? baseline, string? candidate, string? hours, double? alpha)
    {
        if (string.IsNullOrWhiteSpace(baseline))
            return Problems.Parameter("baseline", "is required: the baseline version as model@version, e.g. atlas@2026-10-01");
        if (string.IsNullOrWhiteSpace(candidate))
            return Problems.Parameter("candidate", "is required: the candidate version as model@version, e.g. atlas@2026-11-15");
        if (baseline == candidate)
            return Problems.Parameter("candidate", "must differ from 'baseline'");
        if (alpha is { } level && level is not (> 0 and <= 0.5))
            return Problems.Parameter("alpha", "must be above 0 and at most 0.5");
        var span = hours is null ? 168 : int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : -1;
        if (!DashboardRange.Choices.Contains(span))
            return Problems.Parameter("hours", DashboardRange.Invalid);

        var to = source.Now;
        var from = to - TimeSpan.FromHours(span);
        var features = await source.FeaturesAsync(Caller.From(context) ?? Caller.Anonymous, from, to, context.RequestAborted);
        var options = new DriftOptions { Alpha = alpha ?? DriftOptions.Default.Alpha };
        var a = features.Where(f => f.ModelVersion == baseline).ToList();
        var b = features.Where(f => f.ModelVersion == candidate).ToList();
        // Too few to test would read as "no difference found": refuse instead, naming the version short of traffic.
        foreach (var (name, version, list) in new[] { ("baseline", baseline, a), ("candidate", candidate, b) })
        {
            if (list.Count < options.MinSamples)
            {
                return Problems.Parameter(name, string.Create(CultureInfo.InvariantCulture,
                    $"'{version}' has {list.Count} interactions in the last {span} h; at least {options.MinSamples} are needed to compare"));
            }
        }

        var report = ModelVersionComparison.Compare(baseline, a, candidate, b, options);
        return TypedResults.Ok(new ModelComparisonView(from, to, a.Count, b.Count, report.InputsShifted, report));
    }
}

/// <summary>The answer of <c>GET /v1/compare/model-versions</c>: the window, how many interactions each version had, and the comparison.</summary>
internal sealed record ModelComparisonView(DateTimeOffset From, DateTimeOffset To, int BaselineCount, int CandidateCount, bool InputsShifted, ModelComparisonReport Comparison);
