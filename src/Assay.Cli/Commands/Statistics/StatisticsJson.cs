using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Assay.Statistics;

namespace Assay.Cli.Commands.Statistics;

/// <summary>Writes the JSON the statistics verbs print: snake_case keys, NaN and infinities as null.</summary>
internal static class StatisticsJson
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    public static void NumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary><c>{"estimate": x, "ci": [low, high]}</c> (plus <c>warning</c> when there is one), or null.</summary>
    public static void EstimateObject(Utf8JsonWriter writer, string name, Estimate? estimate)
    {
        if (estimate is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        Number(writer, "estimate", estimate.Value);
        writer.WriteStartArray("ci");
        NumberValue(writer, estimate.Low);
        NumberValue(writer, estimate.High);
        writer.WriteEndArray();
        if (estimate.Warning is not null)
        {
            writer.WriteString("warning", estimate.Warning);
        }

        writer.WriteEndObject();
    }
}
