using System.Text;

namespace Assay.Validation;

/// <summary>An RFC 4180 CSV file read whole: a header row and records whose quoted fields may hold commas, doubled quotes and line breaks.</summary>
/// <remarks>CRLF and LF line endings are both accepted; a UTF-8 byte-order mark is skipped. A malformed file throws <see cref="InvalidDataException"/>.</remarks>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
    }

    public string Path { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Index of a column; throws when the file lacks it.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out var index)
        ? index
        : throw new InvalidDataException($"{Path}: no column '{name}' (header: {string.Join(", ", Header)})");

    public static CsvTable Read(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var records = Parse(path, text);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"{path}: the file is empty; expected a header row");
        }

        var header = records[0];
        for (var r = 1; r < records.Count; r++)
        {
            if (records[r].Length != header.Length)
            {
                throw new InvalidDataException($"{path}: record {r} has {records[r].Length} fields, the header {header.Length}");
            }
        }

        return new CsvTable(path, header, records.Skip(1).ToList());
    }

    private static List<string[]> Parse(string path, string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var quoted = false;
        var fieldStarted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                    i++;
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                }
                else
                {
                    quoted = false;
                    i++;
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    fieldStarted = true;
                    i++;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    i++;
                    break;
                case '\r' or '\n':
                    if (fieldStarted || field.Length > 0 || fields.Count > 0)
                    {
                        fields.Add(field.ToString());
                        records.Add([.. fields]);
                    }

                    fields.Clear();
                    field.Clear();
                    fieldStarted = false;
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    i++;
                    break;
            }
        }

        if (quoted)
        {
            throw new InvalidDataException($"{path}: a quoted field is not closed before the end of the file");
        }

        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }
}
