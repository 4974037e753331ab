using Assay.Server.Auth;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Judging;

/// <summary>The judges' status over HTTP, for leads and admins: per rule what was asked, what failed, what spent the budget.</summary>
/// <remarks>As the sampler's: the judges serve every project and a last error can quote another project's prompt, so a project's lead gets 403.</remarks>
internal static class JudgingEndpoints
{
    public static void MapJudging(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/judging/status", StatusAsync).RequireAuthorization(AuthPolicies.Lead).WithTags("Judging")
            .WithSummary("LLM judges: on or off, per rule asked, failed and malformed counts, tokens spent today against the budget, last error (keys for every project only)");

    private static async Task<Results<Ok<JudgingStatusReport>, ProblemHttpResult>> StatusAsync(
        JudgingStatus status, IInteractionStore store, Election.Leadership leadership, TimeProvider time, HttpContext context)
    {
        if ((Caller.From(context) ?? Caller.Anonymous).ProjectFilter is not null)
        {
            return Http.Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                "the judges serve every project; their status needs a lead or admin key for every project");
        }

        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var spent = await store.JudgeTokensSinceAsync(dayStart, context.RequestAborted);
        return TypedResults.Ok(status.Report(spent, dayStart.AddDays(1), status.Off is null ? leadership.IsLeader(Election.Leadership.Judge) : null));
    }
}
