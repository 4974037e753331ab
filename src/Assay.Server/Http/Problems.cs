using Assay.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Assay.Server.Http;

/// <summary>Builds RFC 7807 problem details whose <c>errors</c> name the offending field by JSON pointer.</summary>
internal static class Problems
{
    private const string TypeBase = "https://assay.dev/problems/";

    public static ProblemHttpResult Create(int status, string type, string title, string detail, IEnumerable<IngestProblem>? errors = null, IDictionary<string, object?>? extra = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeBase + type,
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (errors is not null)
            problem.Extensions["errors"] = errors.Select(e => new ErrorEntry(e.Pointer, e.Detail)).ToList();
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
                problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>A bad query-string parameter: named by <c>parameter</c> rather than a pointer.</summary>
    public static ProblemHttpResult Parameter(string name, string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid query parameter", $"'{name}' {detail}",
            extra: new Dictionary<string, object?> { ["errors"] = new[] { new ParameterError(name, detail) } });

    internal sealed record ErrorEntry(string Pointer, string Detail);

    internal sealed record ParameterError(string Parameter, string Detail);
}
