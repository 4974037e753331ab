using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Security;

/// <summary>The operations a running server answers, as <c>METHOD /path</c>: from its OpenAPI document and from its route table.</summary>
/// <remarks>
/// Both are normalised alike: parameter constraints dropped (<c>{taskId:long}</c> is <c>{taskId}</c>) and no trailing
/// slash, so that an operation named by both sources is one operation.
/// </remarks>
internal static partial class ServedOperations
{
    private static readonly string[] s_methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public static async Task<IReadOnlySet<string>> FromOpenApiAsync(HttpClient http)
    {
        var document = JsonSerializer.Deserialize<JsonElement>(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative)));
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => s_methods.Contains(m.Name)))
                operations.Add($"{method.Name.ToUpperInvariant()} {Normalize(path.Name)}");
        }

        return operations;
    }

    public static IReadOnlySet<string> FromRoutes(IServiceProvider services)
    {
        var operations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = Path(endpoint.RoutePattern);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            foreach (var method in methods is { Count: > 0 } ? methods : ["ANY"])
                operations.Add($"{method} {path}");
        }

        return operations;
    }

    public static string Normalize(string path)
    {
        var plain = Constraint().Replace(path, "{$1}");
        return plain.Length > 1 ? plain.TrimEnd('/') : plain;
    }

    private static string Path(RoutePattern pattern) => "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
        _ => throw new NotSupportedException(part.GetType().Name),
    }))));

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();
}
