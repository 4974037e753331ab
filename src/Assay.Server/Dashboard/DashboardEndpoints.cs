using System.Globalization;
using Assay.Policy;
using Assay.Reporting;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Server.Monitoring;
using Assay.Server.Ui;
using Assay.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Dashboard;

/// <summary>The monitoring dashboard: the UI page, its exported report, and each chart as SVG over the API.</summary>
internal static class DashboardEndpoints
{
    /// <param name="requireApiKeys">Whether the SVG endpoint needs a read key, as the other <c>/v1</c> reads do.</param>
    public static void MapDashboard(this IEndpointRouteBuilder routes, bool requireApiKeys)
    {
        var source = routes.ServiceProvider.GetRequiredService<DashboardSource>();

        var api = routes.MapGroup("/v1/dashboard").WithTags("Monitoring");
        if (requireApiKeys)
            api.RequireAuthorization(AuthPolicies.Read);
        api.MapGet("/{chart}.svg", (string chart, HttpContext context, string? hours) => ChartAsync(source, chart, hours, context))
            .WithSummary("One dashboard chart as SVG: volume, flag-rate, self-agreement, drift, review-coverage or agreement; hours = 1, 6, 24 (default) or 168")
            .Produces<string>(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapModelComparison(source, requireApiKeys);

        var ui = routes.MapGroup("/ui/dashboard").ExcludeFromDescription().RequireAuthorization(UiAuthentication.Reviewer);
        ui.MapGet("", (HttpContext context, IAntiforgery antiforgery, string? hours) => PageAsync(source, context, antiforgery, hours));
        ui.MapGet("/export", (HttpContext context, IAntiforgery antiforgery, string? hours) => ExportAsync(source, context, antiforgery, hours));
    }

    private static async Task<IResult> ChartAsync(DashboardSource source, string chart, string? hours, HttpContext context)
    {
        if (DashboardRange.Parse(hours, source.Now) is not { } range)
            return Problems.Parameter("hours", DashboardRange.Invalid);
        if (!DashboardCharts.All.Contains(chart))
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", "No such chart", $"no chart '{chart}'; the charts are {string.Join(", ", DashboardCharts.All)}");
        var view = await source.ReadAsync(Caller.From(context) ?? Caller.Anonymous, range, [chart], context.RequestAborted);
        var headers = context.Response.Headers;
        // An SVG opened on its own is a document: nothing in it may load or run.
        headers.ContentSecurityPolicy = "default-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return Results.Text(SvgLineChart.Render(view.Charts[0]), "image/svg+xml; charset=utf-8");
    }

    private static async Task<IResult> PageAsync(DashboardSource source, HttpContext context, IAntiforgery antiforgery, string? hours)
    {
        var frame = UiResponse.Frame(context, antiforgery);
        if (DashboardRange.Parse(hours, source.Now) is not { } range)
            return UiResponse.Html(context, frame, DashboardPage.Invalid(frame), StatusCodes.Status400BadRequest);
        var view = await source.ReadAsync(Caller.From(context)!, range, DashboardCharts.All, context.RequestAborted);
        return UiResponse.Html(context, frame, DashboardPage.Render(frame, view));
    }

    private static async Task<IResult> ExportAsync(DashboardSource source, HttpContext context, IAntiforgery antiforgery, string? hours)
    {
        var now = source.Now;
        if (DashboardRange.Parse(hours, now) is not { } range)
        {
            var frame = UiResponse.Frame(context, antiforgery);
            return UiResponse.Html(context, frame, DashboardPage.Invalid(frame), StatusCodes.Status400BadRequest);
        }

        var caller = Caller.From(context)!;
        var view = await source.ReadAsync(caller, range, DashboardCharts.All, context.RequestAborted);
        var headers = context.Response.Headers;
        var name = string.Create(CultureInfo.InvariantCulture, $"assay-dashboard-{now.UtcDateTime:yyyyMMdd'T'HHmm'Z'}-{range.Hours}h.html");
        headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return Results.Content(DashboardPage.Export(view, caller.Name, now), "text/html; charset=utf-8");
    }
}
