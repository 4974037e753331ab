namespace Assay.Cli.Commands.Statistics;

/// <summary>A malformed input file: which file, which line, and why.</summary>
internal sealed class InputFileException(string file, int line, string reason)
    : Exception(line > 0 ? $"{file}: line {line}: {reason}" : $"{file}: {reason}")
{
    public int Line { get; } = line;
}
