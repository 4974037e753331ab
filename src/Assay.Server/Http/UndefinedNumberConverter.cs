using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assay.Server.Http;

/// <summary>Writes an undefined number (NaN or ±infinity) as JSON <c>null</c>, so no client has to parse <c>"NaN"</c>.</summary>
/// <remarks>
/// A safety net: statistics are NaN when they cannot be computed (agreement with no item labelled twice, drift with too
/// little traffic), and the object that holds one says why in its <c>warning</c>. Reading is unchanged: a number or an error.
/// </remarks>
internal sealed class UndefinedNumberConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
