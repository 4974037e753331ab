using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Assay.Server.OpenApi;

/// <summary>Adds to every operation the answers it can give whatever it does, derived from its endpoint rather than repeated on each.</summary>
/// <remarks>
/// An operation that needs a key gets the bearer security requirement and 401 and 403 problems; one with query parameters
/// a 400 (a bad or unknown parameter); one that reads a body 400, 408, 413 and 415. Answers particular to an endpoint (204,
/// 404, 409, 503) are declared where it is mapped.
/// </remarks>
internal sealed class StatusResponses : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var statuses = new List<int>();
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerKeyScheme.Name, context.Document)] = [] }];
            statuses.AddRange([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden]);
        }

        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
            statuses.Add(StatusCodes.Status400BadRequest);
        if (operation.RequestBody is not null)
            statuses.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status408RequestTimeout, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        if (statuses.Count == 0)
            return;

        operation.Responses ??= [];
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        foreach (var status in statuses.Distinct())
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse
                {
                    Description = Describe(status),
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
                };
            }
        }
    }

    private static string Describe(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "A bad query parameter or body, named in errors[] by parameter or JSON pointer",
        StatusCodes.Status401Unauthorized => "No API key, or one that is malformed, unknown, revoked or expired (the detail says which)",
        StatusCodes.Status403Forbidden => "The key's role or project does not allow this request",
        StatusCodes.Status408RequestTimeout => "The body arrived too slowly",
        StatusCodes.Status413PayloadTooLarge => "The body is larger than the limit",
        _ => "The Content-Type (or its charset or Content-Encoding) is not accepted",
    };
}
