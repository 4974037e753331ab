using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assay.Audit;

/// <summary>The canonical JSON of the audit log: object keys sorted by code point, no whitespace, only ASCII in the output.</summary>
/// <remarks>
/// Chosen so that anyone can reproduce it without Assay: it is exactly what Python's
/// <c>json.dumps(value, sort_keys=True, separators=(",", ":"))</c> writes for the values Assay puts in entries
/// (strings, integers, booleans, null, arrays, objects). Non-ASCII characters and controls are written as lowercase
/// <c>\uXXXX</c> escapes, except <c>\b \f \n \r \t</c>. Fractional numbers are not used: payloads carry them as strings,
/// since the shortest round-trip text of a double differs between languages.
/// </remarks>
public static class AuditCanonicalJson
{
    public static string Write(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    /// <summary>The canonical text of a list of strings (an entry's subjects).</summary>
    public static string WriteStrings(IEnumerable<string> values)
    {
        var builder = new StringBuilder("[");
        var first = true;
        foreach (var value in values)
        {
            if (!first)
                builder.Append(',');
            first = false;
            AppendString(builder, value);
        }

        return builder.Append(']').ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                        builder.Append(',');
                    first = false;
                    AppendString(builder, key);
                    builder.Append(':');
                    Append(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                        builder.Append(',');
                    Append(builder, array[i]);
                }

                builder.Append(']');
                break;
            default:
                AppendValue(builder, node.AsValue());
                break;
        }
    }

    private static void AppendValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number when value.TryGetValue<int>(out var small):
                builder.Append(small.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number when value.TryGetValue<JsonElement>(out var element) && element.TryGetInt64(out var parsed):
                builder.Append(parsed.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            default:
                throw new ArgumentException("Audit payloads hold integers, not fractional numbers; write those as strings.", nameof(value));
        }
    }

    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
