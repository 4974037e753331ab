using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Assay.Domain;
using Assay.Json;

namespace Assay.Ingest;

/// <summary>Validates one interaction object of the wire format and reports every problem with its JSON pointer.</summary>
/// <remarks>
/// Unknown members are refused rather than dropped: a misspelt field silently lost would break the
/// promise that what a client sent is what Assay audits. Pure and thread-safe.
/// </remarks>
public sealed class InteractionParser(IngestLimits limits)
{
    private static readonly HashSet<string> s_topLevel =
        ["id", "timestamp", "model", "model_version", "input", "response", "reasoning", "samples", "metadata", "usage", "latency_ms"];
    private static readonly HashSet<string> s_usageMembers = ["input_tokens", "output_tokens", "reasoning_tokens"];
    private static readonly HashSet<string> s_messageMembers = ["role", "content"];

    public IngestLimits Limits => limits;

    /// <summary>Reads <paramref name="element"/>; <paramref name="at"/> is its pointer within the request body.</summary>
    public (ParsedInteraction? Value, string? Id, List<IngestProblem> Problems) Parse(JsonElement element, string at)
    {
        try
        {
            return ParseReadable(element, at);
        }
        catch (InvalidOperationException)
        {
            // A string or name with an unpaired surrogate escape cannot be decoded. Rare, so it is located here,
            // after the fact, rather than by checking every string on the way.
            var problems = new List<IngestProblem>();
            JsonDefects.Find(element, at, duplicates: false, problems);
            if (problems.Count == 0)
                throw;
            return (null, ReadableId(element), problems);
        }
    }

    /// <summary>The <c>id</c> of <paramref name="element"/> when it is a string that can be decoded; otherwise null.</summary>
    internal static string? ReadableId(JsonElement element)
    {
        try
        {
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private (ParsedInteraction? Value, string? Id, List<IngestProblem> Problems) ParseReadable(JsonElement element, string at)
    {
        var problems = new List<IngestProblem>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(at, $"an interaction must be a JSON object, not {Describe(element.ValueKind)}"));
            return (null, null, problems);
        }

        RefuseUnknown(element, at, s_topLevel, problems);
        var id = RequiredString(element, at, "id", problems);
        if (id is not null)
        {
            if (id.Length == 0 || string.IsNullOrWhiteSpace(id))
                problems.Add(new(JsonPointer.Append(at, "id"), "must not be empty"));
            else if (id.Length > limits.MaxIdLength)
                problems.Add(new(JsonPointer.Append(at, "id"), $"is {id.Length} characters long; the limit is {limits.MaxIdLength}"));
            else if (id is "." or "..")
                problems.Add(new(JsonPointer.Append(at, "id"), $"must not be '{id}': HTTP clients and servers remove that dot segment from a URL, so GET /v1/interactions/{{id}} could not find it"));
            else if (id.AsSpan().IndexOfAnyInRange('\u0000', '\u001F') >= 0 || id.AsSpan().IndexOfAnyInRange('\u007F', '\u009F') >= 0)
                problems.Add(new(JsonPointer.Append(at, "id"), "must not contain control characters (U+0000 to U+001F, U+007F to U+009F)"));
        }

        var timestamp = OptionalTimestamp(element, at, problems);
        var model = RequiredString(element, at, "model", problems);
        if (model is { Length: 0 })
            problems.Add(new(JsonPointer.Append(at, "model"), "must not be empty"));
        var modelVersion = OptionalString(element, at, "model_version", problems);
        var input = ReadInput(element, at, problems);
        var response = RequiredString(element, at, "response", problems);
        var reasoning = OptionalString(element, at, "reasoning", problems);
        var samples = ReadSamples(element, at, problems);
        var metadata = ReadMetadata(element, at, problems);
        var usage = ReadUsage(element, at, problems);
        var latency = OptionalNumber(element, at, "latency_ms", problems);

        if (problems.Count > 0)
            return (null, id, problems);

        var interaction = new Interaction(id!, timestamp, model!, modelVersion, input!, response!, reasoning, samples, metadata, usage, latency);
        return (Canonicalise(interaction), id, problems);
    }

    /// <summary>Serialises <paramref name="interaction"/> canonically and hashes it.</summary>
    public static ParsedInteraction Canonicalise(Interaction interaction)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(interaction, AssayJsonContext.Default.Interaction);
        var hash = Convert.ToHexStringLower(SHA256.HashData(json));
        return new ParsedInteraction(interaction, json, hash);
    }

    private static void RefuseUnknown(JsonElement obj, string at, HashSet<string> known, List<IngestProblem> problems)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                problems.Add(new(JsonPointer.Append(at, property.Name), "is not a known field"));
        }
    }

    private static string? RequiredString(JsonElement obj, string at, string name, List<IngestProblem> problems)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new(JsonPointer.Append(at, name), "is required"));
            return null;
        }

        return AsString(value, JsonPointer.Append(at, name), problems);
    }

    private static string? OptionalString(JsonElement obj, string at, string name, List<IngestProblem> problems) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? AsString(value, JsonPointer.Append(at, name), problems)
            : null;

    private static string? AsString(JsonElement value, string pointer, List<IngestProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        problems.Add(new(pointer, $"must be a string, not {Describe(value.ValueKind)}"));
        return null;
    }

    private static DateTimeOffset? OptionalTimestamp(JsonElement obj, string at, List<IngestProblem> problems)
    {
        var text = OptionalString(obj, at, "timestamp", problems);
        if (text is null)
            return null;
        if (Rfc3339.TryParse(text, out var parsed))
            return parsed;
        problems.Add(new(JsonPointer.Append(at, "timestamp"), "must be an RFC 3339 date-time with an offset, e.g. 2026-11-27T10:15:00Z"));
        return null;
    }

    private static double? OptionalNumber(JsonElement obj, string at, string name, List<IngestProblem> problems)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        var pointer = JsonPointer.Append(at, name);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            problems.Add(new(pointer, $"must be a number, not {Describe(value.ValueKind)}"));
            return null;
        }

        if (number < 0)
            problems.Add(new(pointer, "must not be negative"));
        return number;
    }

    private List<Message>? ReadInput(JsonElement obj, string at, List<IngestProblem> problems)
    {
        var pointer = JsonPointer.Append(at, "input");
        if (!obj.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            problems.Add(new(pointer, "is required"));
            return null;
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(pointer, $"must be an array of messages, not {Describe(input.ValueKind)}"));
            return null;
        }

        var count = input.GetArrayLength();
        if (count == 0)
            problems.Add(new(pointer, "must hold at least one message"));
        if (count > limits.MaxMessages)
        {
            problems.Add(new(pointer, $"holds {count} messages; the limit is {limits.MaxMessages}"));
            return null;
        }

        var messages = new List<Message>(count);
        var index = 0;
        foreach (var item in input.EnumerateArray())
        {
            var itemAt = JsonPointer.Append(pointer, index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(itemAt, $"a message must be an object with role and content, not {Describe(item.ValueKind)}"));
                continue;
            }

            RefuseUnknown(item, itemAt, s_messageMembers, problems);
            var role = RequiredString(item, itemAt, "role", problems);
            var content = RequiredString(item, itemAt, "content", problems);
            var parsedRole = role switch
            {
                "system" => MessageRole.System,
                "user" => MessageRole.User,
                "assistant" => MessageRole.Assistant,
                "tool" => MessageRole.Tool,
                _ => (MessageRole?)null,
            };
            if (role is not null && parsedRole is null)
                problems.Add(new(JsonPointer.Append(itemAt, "role"), $"must be one of system, user, assistant, tool; got \"{Truncate(role)}\""));
            if (parsedRole is { } r && content is not null)
                messages.Add(new Message(r, content));
        }

        return messages;
    }

    private List<string> ReadSamples(JsonElement obj, string at, List<IngestProblem> problems)
    {
        var samples = new List<string>();
        if (!obj.TryGetProperty("samples", out var array) || array.ValueKind == JsonValueKind.Null)
            return samples;
        var pointer = JsonPointer.Append(at, "samples");
        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(pointer, $"must be an array of strings, not {Describe(array.ValueKind)}"));
            return samples;
        }

        if (array.GetArrayLength() > limits.MaxSamples)
        {
            problems.Add(new(pointer, $"holds {array.GetArrayLength()} samples; the limit is {limits.MaxSamples}"));
            return samples;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var value = AsString(item, JsonPointer.Append(pointer, index++), problems);
            if (value is not null)
                samples.Add(value);
        }

        return samples;
    }

    private InteractionMetadata ReadMetadata(JsonElement obj, string at, List<IngestProblem> problems) =>
        MetadataReader.Read(obj, at, limits, problems);

    private static Usage? ReadUsage(JsonElement obj, string at, List<IngestProblem> problems)
    {
        if (!obj.TryGetProperty("usage", out var usage) || usage.ValueKind == JsonValueKind.Null)
            return null;
        var pointer = JsonPointer.Append(at, "usage");
        if (usage.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(pointer, $"must be an object, not {Describe(usage.ValueKind)}"));
            return null;
        }

        RefuseUnknown(usage, pointer, s_usageMembers, problems);
        return new Usage(Count(usage, pointer, "input_tokens", problems), Count(usage, pointer, "output_tokens", problems), Count(usage, pointer, "reasoning_tokens", problems));
    }

    private static long? Count(JsonElement obj, string at, string name, List<IngestProblem> problems)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0)
            return count;
        problems.Add(new(JsonPointer.Append(at, name), "must be a non-negative integer"));
        return null;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    internal static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
