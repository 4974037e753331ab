using Assay.Ingest;
using Assay.Server.Auth;

namespace Assay.Server.Ingest;

/// <summary>Keeps a project-scoped key's interactions inside its project.</summary>
/// <remarks>
/// An interaction without <c>metadata.project</c> is stamped with the key's project (and re-hashed, so
/// idempotency holds on what is stored); one naming another project is rejected, alone.
/// </remarks>
internal static class ProjectScope
{
    public static IngestRequest Apply(IngestRequest request, Caller caller)
    {
        if (caller.ProjectFilter is not { } project)
            return request;
        var items = request.Items.Select(item =>
        {
            if (item.Value is not { } value)
                return item;
            var metadata = value.Interaction.Metadata;
            if (metadata.Project is null)
                return item with { Value = InteractionParser.Canonicalise(value.Interaction with { Metadata = metadata with { Project = project } }) };
            return metadata.Project == project
                ? item
                : item with { Value = null, Problems = [new IngestProblem(Pointer(request, item), $"is '{metadata.Project}', but this key may only write to project '{project}'")] };
        }).ToList();
        return request with { Items = items };
    }

    /// <summary>Array items are addressed from the body's root; NDJSON lines and single objects from their own.</summary>
    private static string Pointer(IngestRequest request, IngestItem item) =>
        request.IsBulk && item.Line is null ? $"/{item.Index}/metadata/project" : "/metadata/project";
}
