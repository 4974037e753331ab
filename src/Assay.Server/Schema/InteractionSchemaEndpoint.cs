using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Assay.Server;

/// <summary><c>GET /v1/schema/interaction.json</c>: the JSON Schema of the interaction format, open to anyone.</summary>
internal static class InteractionSchemaEndpoint
{
    public static void MapInteractionSchema(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/schema/interaction.json", () => Results.Text(InteractionJsonSchema.Json, "application/schema+json"))
            .WithSummary("The JSON Schema of the interaction format")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The answer is a JSON Schema document: an object, described as one rather than left without a body.
                operation.Responses ??= [];
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "The JSON Schema (draft 2020-12) an interaction must satisfy",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/schema+json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                    },
                };
                return Task.CompletedTask;
            });
}
