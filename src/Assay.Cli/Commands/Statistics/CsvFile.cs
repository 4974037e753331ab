using System.Text;

namespace Assay.Cli.Commands.Statistics;

/// <summary>Reads RFC 4180 CSV: a header row, then records; quoted fields may hold commas and doubled quotes.</summary>
/// <remarks>A quoted field may not span lines; blank lines are skipped. Every error names the 1-based line.</remarks>
internal sealed class CsvFile
{
    private CsvFile(string name, IReadOnlyList<string> header, IReadOnlyList<(int Line, string[] Fields)> rows)
    {
        Name = name;
        Header = header;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    public static CsvFile Read(string path)
    {
        using var reader = OpenText(path);
        return Read(path, reader);
    }

    public static CsvFile Read(string name, TextReader reader)
    {
        string[]? header = null;
        var rows = new List<(int, string[])>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line == "\uFEFF"))
            {
                continue;
            }

            var fields = Split(name, lineNumber, lineNumber == 1 ? line.TrimStart('\uFEFF') : line);
            if (header is null)
            {
                header = [.. fields.Select(f => f.Trim())];
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new InputFileException(name, lineNumber, $"expected {header.Length} fields as in the header, found {fields.Length}");
            }

            rows.Add((lineNumber, fields));
        }

        return header is null
            ? throw new InputFileException(name, 0, "the file is empty; expected a header row")
            : new CsvFile(name, header, rows);
    }

    /// <summary>Opens a file for reading, turning I/O failures into one-line input errors.</summary>
    public static StreamReader OpenText(string path)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InputFileException(path, 0, $"cannot read the file: {e.Message}");
        }
    }

    private static string[] Split(string name, int lineNumber, string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new InputFileException(name, lineNumber, "a quoted field is not closed before the end of the line");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new InputFileException(name, lineNumber, $"unexpected character '{line[i]}' after a quoted field");
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return [.. fields];
            }

            i++; // the comma
        }
    }
}
