using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Domain;

namespace Assay.Json;

/// <summary>Source-generated JSON contracts for Assay's wire and storage format (snake_case).</summary>
/// <remarks>
/// Property order follows declaration order and nulls are omitted, so serialising the same
/// interaction always yields the same bytes: the content hash used for idempotency relies on it.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(SnakeCaseEnumConverter<MessageRole>),
        typeof(SnakeCaseEnumConverter<TextField>),
        typeof(SnakeCaseEnumConverter<Severity>),
    ],
    WriteIndented = false)]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(Flag))]
[JsonSerializable(typeof(IReadOnlyList<Flag>))]
[JsonSerializable(typeof(IReadOnlyList<Evidence>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
public sealed partial class AssayJsonContext : JsonSerializerContext
{
    /// <summary>Options shared by every hand-written writer, consistent with the generated contracts.</summary>
    public static JsonSerializerOptions WireOptions => Default.Options;
}
