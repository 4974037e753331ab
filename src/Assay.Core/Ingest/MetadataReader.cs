using System.Text.Json;
using Assay.Domain;

namespace Assay.Ingest;

/// <summary>Reads the optional <c>metadata</c> member of an interaction.</summary>
/// <remarks>Tag values may be strings, numbers or booleans; they are stored as their JSON text, sorted by key.</remarks>
internal static class MetadataReader
{
    private static readonly HashSet<string> s_members = ["project", "user_id", "session_id", "risk", "tags"];

    public static InteractionMetadata Read(JsonElement obj, string at, IngestLimits limits, List<IngestProblem> problems)
    {
        if (!obj.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
            return InteractionMetadata.Empty;
        var pointer = JsonPointer.Append(at, "metadata");
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(pointer, $"must be an object, not {InteractionParser.Describe(metadata.ValueKind)}"));
            return InteractionMetadata.Empty;
        }

        foreach (var property in metadata.EnumerateObject())
        {
            if (!s_members.Contains(property.Name))
                problems.Add(new(JsonPointer.Append(pointer, property.Name), "is not a known field (put custom data in metadata.tags)"));
        }

        return new InteractionMetadata(
            Text(metadata, pointer, "project", problems),
            Text(metadata, pointer, "user_id", problems),
            Text(metadata, pointer, "session_id", problems),
            Text(metadata, pointer, "risk", problems),
            Tags(metadata, pointer, limits, problems));
    }

    private static string? Text(JsonElement obj, string at, string name, List<IngestProblem> problems)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        problems.Add(new(JsonPointer.Append(at, name), $"must be a string, not {InteractionParser.Describe(value.ValueKind)}"));
        return null;
    }

    private static Dictionary<string, string> Tags(JsonElement obj, string at, IngestLimits limits, List<IngestProblem> problems)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!obj.TryGetProperty("tags", out var value) || value.ValueKind == JsonValueKind.Null)
            return new Dictionary<string, string>();
        var pointer = JsonPointer.Append(at, "tags");
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(pointer, $"must be an object of string values, not {InteractionParser.Describe(value.ValueKind)}"));
            return new Dictionary<string, string>();
        }

        foreach (var tag in value.EnumerateObject())
        {
            if (tags.Count == limits.MaxTags)
            {
                problems.Add(new(pointer, $"holds more than {limits.MaxTags} tags"));
                break;
            }

            var tagAt = JsonPointer.Append(pointer, tag.Name);
            switch (tag.Value.ValueKind)
            {
                case JsonValueKind.String:
                    tags[tag.Name] = tag.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    tags[tag.Name] = tag.Value.GetRawText();
                    break;
                default:
                    problems.Add(new(tagAt, $"a tag value must be a string, number or boolean, not {InteractionParser.Describe(tag.Value.ValueKind)}"));
                    break;
            }
        }

        return new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }
}
