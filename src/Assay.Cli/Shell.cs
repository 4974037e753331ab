namespace Assay.Cli;

/// <summary>Writes a command-line argument so that a POSIX shell reads it back as it was, for commands Assay prints.</summary>
internal static class Shell
{
    /// <summary>The argument as is when it holds only characters no shell treats specially; otherwise in single quotes.</summary>
    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '@' or '+' or '=' or ',')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
