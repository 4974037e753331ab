using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assay.Json;

/// <summary>Writes and reads enum members as snake_case strings (<c>Critical</c> ⇄ <c>"critical"</c>).</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
