using Assay.Assurance;
using Assay.Policy;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Review;

/// <summary>Label agreement and the assurance metrics (precision, false negatives, prevalence) over a time window.</summary>
internal static class MetricsEndpoints
{
    private static readonly TimeSpan s_defaultWindow = TimeSpan.FromDays(30);

    public static void MapMetrics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/review").RequireAuthorization(AuthPolicies.Review).WithTags("Assurance");
        // Both take from and to (RFC 3339; default the last 30 days) and version: a policy hash, or a prefix of one.
        group.MapGet("/agreement", AgreementAsync).WithSummary("Inter-reviewer agreement per category, overall and per pair, with reliability marks")
            .Produces<AgreementReport>();
        group.MapGet("/metrics", MetricsAsync).WithSummary("Rule precision, false-negative rate and recall from the audit sample, prevalence; each with its interval and reliability")
            .Produces<AssuranceReport>();
    }

    /// <summary>Reads the window from <c>from</c> and <c>to</c> (RFC 3339); the default is the last 30 days.</summary>
    internal static (DateTimeOffset From, DateTimeOffset To, IResult? Problem) Window(string? from, string? to, TimeProvider clock)
    {
        var end = clock.GetUtcNow().AddSeconds(1);
        var start = end - s_defaultWindow;
        if (to is not null && !DateTimeOffset.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out end))
            return (default, default, Problems.Parameter("to", "must be an RFC 3339 date-time"));
        if (from is not null && !DateTimeOffset.TryParse(from, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out start))
            return (default, default, Problems.Parameter("from", "must be an RFC 3339 date-time"));
        if (from is null && to is not null)
            start = end - s_defaultWindow;
        return start < end ? (start, end, null) : (default, default, Problems.Parameter("from", "must be before 'to'"));
    }

    private static async Task<IResult> AgreementAsync(HttpContext context, IReviewStore store, PolicyDocument policy, TimeProvider clock, string? from = null, string? to = null, string? version = null)
    {
        var (start, end, problem) = Window(from, to, clock);
        if (problem is not null)
            return problem;
        var caller = Caller.From(context)!;
        var items = BlindRule.Items(await store.ReviewedItemsAsync(caller.Project, start, end, version, context.RequestAborted), caller);
        return TypedResults.Ok(LabelAgreement.Compute(items, policy.Review, Options(policy)));
    }

    private static async Task<IResult> MetricsAsync(HttpContext context, IReviewStore store, PolicyDocument policy, TimeProvider clock, string? from = null, string? to = null, string? version = null)
    {
        var (start, end, problem) = Window(from, to, clock);
        if (problem is not null)
            return problem;
        var (report, _) = await ReportAsync(store, policy, Caller.From(context)!, start, end, version, context.RequestAborted);
        return TypedResults.Ok(report);
    }

    /// <summary>
    /// The assurance report of a window as <paramref name="caller"/> may see it, with the policy's judges calibrated against
    /// the humans; an unreliable judge's flags are left out of precision, recall and false-negative rate.
    /// </summary>
    internal static async Task<(AssuranceReport Report, IReadOnlyList<Assay.Review.ReviewedItem> Items)> ReportAsync(
        IReviewStore store, PolicyDocument policy, Caller caller, DateTimeOffset start, DateTimeOffset end, string? version, CancellationToken cancellationToken)
    {
        var items = BlindRule.Items(await store.ReviewedItemsAsync(caller.Project, start, end, version, cancellationToken), caller);
        var population = await store.PopulationAsync(caller.Project, start, end, version, cancellationToken);
        return (await MeasureAsync(store, policy, caller.Project, items, population, start, end, version, cancellationToken), items);
    }

    /// <summary>
    /// The assurance report of <paramref name="items"/>, with the policy's judges calibrated against the humans and an
    /// unreliable judge's flags left out: the one computation behind this API, the metrics page and reports.
    /// </summary>
    internal static async Task<AssuranceReport> MeasureAsync(IReviewStore store, PolicyDocument policy, string project, IReadOnlyList<Assay.Review.ReviewedItem> items,
        Assay.Review.PopulationCounts population, DateTimeOffset start, DateTimeOffset end, string? version, CancellationToken cancellationToken)
    {
        var options = Options(policy);
        if (policy.Judges.Count == 0)
            return AssuranceMetrics.Compute(items, population, policy.Review, options);
        var verdicts = await store.ReviewedVerdictsAsync(project, start, end, version, cancellationToken);
        var judges = JudgeCalibrations.Compute(items, verdicts, policy.Judges, policy.Review.AgreementThreshold, options);
        return AssuranceMetrics.Compute(JudgeCalibrations.WithoutUnreliable(items, judges), population, policy.Review, options) with { Judges = judges };
    }

    internal static AssuranceOptions Options(PolicyDocument policy) =>
        AssuranceOptions.Default with { Categories = policy.Taxonomy.Select(c => c.Id).ToList() };
}
