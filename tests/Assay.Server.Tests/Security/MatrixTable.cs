using System.Runtime.CompilerServices;

namespace Assay.Server.Tests.Security;

/// <summary>The expected outcome of every operation for every kind of caller, as written in <c>authorization-matrix.txt</c>.</summary>
/// <remarks>
/// One row per operation (<c>METHOD /path</c>) and one column per credential kind, separated by spaces; blank lines and
/// lines starting with <c>#</c> are comments. A malformed line throws, naming its line number.
/// </remarks>
internal sealed record MatrixTable(IReadOnlyList<string> Columns, IReadOnlyList<MatrixRow> Rows)
{
    public static MatrixTable Load([CallerFilePath] string source = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(source)!, "authorization-matrix.txt");
        var lines = File.ReadAllLines(path)
            .Select((text, index) => (Text: text.Trim(), Number: index + 1))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#'))
            .ToList();
        var header = Split(lines[0].Text);
        if (header.Length < 3 || header[0] != "METHOD" || header[1] != "PATH")
            throw new FormatException($"{path}:{lines[0].Number}: the header must be 'METHOD PATH' and then the credential columns");
        var columns = header[2..];
        var rows = new List<MatrixRow>();
        foreach (var (text, number) in lines.Skip(1))
        {
            var cells = Split(text);
            if (cells.Length != header.Length)
                throw new FormatException($"{path}:{number}: {cells.Length} cells, the header has {header.Length}");
            var row = new MatrixRow(cells[0], cells[1], cells[2..]);
            if (rows.Any(r => r.Operation == row.Operation))
                throw new FormatException($"{path}:{number}: a second row for {row.Operation}");
            rows.Add(row);
        }

        return new MatrixTable(columns, rows);
    }

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One operation's expected outcomes, in the table's column order.</summary>
internal sealed record MatrixRow(string Method, string Path, IReadOnlyList<string> Expected)
{
    public string Operation => $"{Method} {Path}";

    public bool IsUi => Path == "/ui" || Path.StartsWith("/ui/", StringComparison.Ordinal);
}
