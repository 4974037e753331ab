namespace Assay.Policy;

/// <summary>One thing wrong with a policy file, located like a compiler diagnostic.</summary>
/// <param name="Source">The file path or name the policy was read from.</param>
/// <param name="Line">1-based line of the offending YAML node.</param>
/// <param name="Column">1-based column of the offending YAML node.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Severity">Whether the problem stops the policy from loading.</param>
public sealed record PolicyProblem(string Source, int Line, int Column, string Message, ProblemSeverity Severity)
{
    /// <summary>Formats the problem as <c>source:line:col: error: message</c>.</summary>
    public override string ToString() =>
        $"{Source}:{Line}:{Column}: {(Severity == ProblemSeverity.Error ? "error" : "warning")}: {Message}";
}
