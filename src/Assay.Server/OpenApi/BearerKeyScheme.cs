using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Assay.Server.OpenApi;

/// <summary>Declares the API key as the document's one security scheme: an HTTP bearer token <c>assay_&lt;id&gt;_&lt;secret&gt;</c>.</summary>
/// <remarks>Which operations need it is said per operation, by <see cref="StatusResponses"/>, from their authorization metadata.</remarks>
internal sealed class BearerKeyScheme : IOpenApiDocumentTransformer
{
    public const string Name = "assay_key";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "assay_<id>_<secret>",
            Description = "An Assay API key, sent as 'Authorization: Bearer assay_<key id>_<secret>'. Its role (ingest, reviewer, lead, admin) "
                + "and project decide what it may do: docs/SECURITY.md.",
        };
        return Task.CompletedTask;
    }
}
