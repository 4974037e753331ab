using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Otlp.Proto;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Assay.Otlp;

/// <summary>Reads OTLP attribute values as text, numbers and JSON trees, whatever form the sender chose.</summary>
/// <remarks>
/// GenAI instrumentations send the same data as a JSON string on one SDK and as a structured value on another, so every
/// reader here accepts both. Pure and thread-safe.
/// </remarks>
public static class OtlpValues
{
    /// <summary>The attributes as a dictionary; a repeated key keeps its last value, as OTLP leaves that to the receiver.</summary>
    public static Dictionary<string, AnyValue> ToDictionary(RepeatedField<KeyValue>? attributes)
    {
        var result = new Dictionary<string, AnyValue>(StringComparer.Ordinal);
        if (attributes is null)
            return result;
        foreach (var pair in attributes)
        {
            if (pair.Value is not null)
                result[pair.Key] = pair.Value;
        }

        return result;
    }

    /// <summary>Lower-case hex of an id, or null when it is empty or all zero (OTLP's "not set").</summary>
    public static string? Hex(ByteString id)
    {
        if (id.IsEmpty)
            return null;
        var span = id.Span;
        return span.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(span);
    }

    public static string? Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToJson(value)?.ToJsonString(),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => null,
    };

    /// <summary>A non-negative whole number from an int, a whole double or a numeric string; null otherwise.</summary>
    public static long? Count(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue when value.IntValue >= 0 => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue when value.DoubleValue >= 0 && value.DoubleValue <= long.MaxValue && Math.Floor(value.DoubleValue) == value.DoubleValue => (long)value.DoubleValue,
        AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>
    /// The value as a JSON tree: structured values convert member by member; a string that holds JSON (an array or
    /// object) is parsed, since instrumentations without structured attributes send messages that way.
    /// </summary>
    public static JsonNode? Structured(AnyValue? value)
    {
        if (value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
        {
            var text = value.StringValue.AsSpan().TrimStart();
            if (text.Length > 0 && text[0] is '[' or '{')
            {
                try
                {
                    return JsonNode.Parse(value.StringValue, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
                }
                catch (JsonException)
                {
                    return JsonValue.Create(value.StringValue);
                }
            }
        }

        return ToJson(value);
    }

    /// <summary>A direct conversion: kvlists become objects, arrays arrays, bytes base64 strings.</summary>
    public static JsonNode? ToJson(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => JsonValue.Create(value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
        AnyValue.ValueOneofCase.IntValue => JsonValue.Create(value.IntValue),
        AnyValue.ValueOneofCase.DoubleValue => double.IsFinite(value.DoubleValue) ? JsonValue.Create(value.DoubleValue) : JsonValue.Create(value.DoubleValue.ToString(CultureInfo.InvariantCulture)),
        AnyValue.ValueOneofCase.BytesValue => JsonValue.Create(Convert.ToBase64String(value.BytesValue.Span)),
        AnyValue.ValueOneofCase.ArrayValue => new JsonArray(value.ArrayValue.Values.Select(ToJson).ToArray()),
        AnyValue.ValueOneofCase.KvlistValue => KvlistToObject(value.KvlistValue),
        _ => null,
    };

    private static JsonObject KvlistToObject(KeyValueList list)
    {
        var result = new JsonObject();
        foreach (var pair in list.Values)
            result[pair.Key] = ToJson(pair.Value);
        return result;
    }
}
