using System.Globalization;
using System.Text.Json;
using Assay.Statistics.Agreement;

namespace Assay.Cli.Commands.Statistics;

/// <summary>Reads long-format ratings (<c>item,rater,value</c>) from CSV or JSONL and builds a rating matrix.</summary>
/// <remarks>
/// JSONL is chosen by the extension <c>.jsonl</c> or <c>.ndjson</c>, CSV otherwise. An empty value or a JSON null is a
/// missing rating, the same as an absent line. Each (item, rater) pair may appear once.
/// </remarks>
internal static class RatingsFile
{
    public static IReadOnlyList<RatingRecord> Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var records = extension is ".jsonl" or ".ndjson" ? ReadJsonLines(path) : ReadCsv(path);
        var seen = new Dictionary<(string, string), int>();
        foreach (var record in records)
        {
            if (!seen.TryAdd((record.Item, record.Rater), record.Line))
            {
                throw new InputFileException(path, record.Line, $"rater '{record.Rater}' already rated item '{record.Item}' on line {seen[(record.Item, record.Rater)]}");
            }
        }

        return records;
    }

    /// <summary>Items as rows and raters as columns, in order of first appearance; values coded for the level.</summary>
    /// <returns>The matrix and, for each of its categories in order, the label as written in the file.</returns>
    public static (RatingMatrix Matrix, IReadOnlyList<string> CategoryNames) ToMatrix(string path, IReadOnlyList<RatingRecord> records, MeasurementLevel level, IReadOnlyList<string>? order)
    {
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        var raters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            items.TryAdd(record.Item, items.Count);
            raters.TryAdd(record.Rater, raters.Count);
        }

        var rank = order?.Select((value, index) => (value, index)).ToDictionary(p => p.value, p => (double)p.index, StringComparer.Ordinal);
        var labels = level == MeasurementLevel.Nominal
            ? records.Select(r => r.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select((value, index) => (value, index)).ToDictionary(p => p.value, p => (double)p.index, StringComparer.Ordinal)
            : null;

        var values = new double[items.Count * raters.Count];
        Array.Fill(values, double.NaN);
        foreach (var record in records)
        {
            values[(items[record.Item] * raters.Count) + raters[record.Rater]] = Code(path, record, level, labels, rank);
        }

        var matrix = RatingMatrix.FromValues(items.Count, raters.Count, values);
        var byCode = (labels ?? rank)?.ToDictionary(p => p.Value, p => p.Key);
        return (matrix, [.. matrix.Categories.Select(v => byCode is not null ? byCode[v] : v.ToString(CultureInfo.InvariantCulture))]);
    }

    private static double Code(string path, RatingRecord record, MeasurementLevel level, Dictionary<string, double>? labels, Dictionary<string, double>? rank)
    {
        if (labels is not null)
        {
            return labels[record.Value];
        }

        if (level == MeasurementLevel.Ordinal && rank is not null)
        {
            return rank.TryGetValue(record.Value, out var position)
                ? position
                : throw new InputFileException(path, record.Line, $"value '{record.Value}' is not one of --order");
        }

        if (!double.TryParse(record.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            var hint = level == MeasurementLevel.Ordinal ? "; give the order of labels with --order" : "";
            throw new InputFileException(path, record.Line, $"value '{record.Value}' is not a number, as --level {level.ToString().ToLowerInvariant()} needs{hint}");
        }

        if (level == MeasurementLevel.Ratio && number < 0)
        {
            throw new InputFileException(path, record.Line, $"value {record.Value} is negative; ratio data has a true zero");
        }

        return number;
    }

    private static List<RatingRecord> ReadCsv(string path)
    {
        var csv = CsvFile.Read(path);
        int Column(string name)
        {
            var index = csv.Header.ToList().FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new InputFileException(path, 1, $"the header has no '{name}' column (expected item,rater,value)");
        }

        int item = Column("item"), rater = Column("rater"), value = Column("value");
        var records = new List<RatingRecord>(csv.Rows.Count);
        foreach (var (line, fields) in csv.Rows)
        {
            var v = fields[value].Trim();
            if (v.Length == 0)
            {
                continue;
            }

            records.Add(new RatingRecord(line, Required(path, line, fields[item], "item"), Required(path, line, fields[rater], "rater"), v));
        }

        return records;
    }

    private static List<RatingRecord> ReadJsonLines(string path)
    {
        using var reader = CsvFile.OpenText(path);
        var records = new List<RatingRecord>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new InputFileException(path, line, $"not valid JSON: {e.Message}");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InputFileException(path, line, "expected a JSON object with keys item, rater and value");
                }

                var value = Scalar(path, line, document.RootElement, "value", allowMissing: true);
                if (value is not null)
                {
                    records.Add(new RatingRecord(line, Scalar(path, line, document.RootElement, "item", false)!, Scalar(path, line, document.RootElement, "rater", false)!, value));
                }
            }
        }

        return records;
    }

    private static string? Scalar(string path, int line, JsonElement root, string key, bool allowMissing)
    {
        if (!root.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return allowMissing ? null : throw new InputFileException(path, line, $"missing key '{key}'");
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => throw new InputFileException(path, line, $"'{key}' must be a string or a number"),
        };
        return allowMissing && string.IsNullOrWhiteSpace(text) ? null : Required(path, line, text, key);
    }

    private static string Required(string path, int line, string value, string what)
    {
        var trimmed = value.Trim();
        return trimmed.Length > 0 ? trimmed : throw new InputFileException(path, line, $"empty {what}");
    }
}
