using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>The problems found while reading one policy file, each located at a YAML node.</summary>
internal sealed class ProblemList
{
    private readonly List<PolicyProblem> _problems = [];

    public ProblemList(string source) => Source = source;

    public string Source { get; }

    public bool HasErrors => _problems.Exists(p => p.Severity == ProblemSeverity.Error);

    public void Error(YamlNode node, string message) => Add(node, message, ProblemSeverity.Error);

    public void Warning(YamlNode node, string message) => Add(node, message, ProblemSeverity.Warning);

    public void Add(int line, int column, string message, ProblemSeverity severity) =>
        _problems.Add(new PolicyProblem(Source, Math.Max(line, 1), Math.Max(column, 1), message, severity));

    /// <summary>The problems in file order.</summary>
    public IReadOnlyList<PolicyProblem> Sorted() =>
        [.. _problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];

    private void Add(YamlNode node, string message, ProblemSeverity severity) =>
        Add((int)node.Start.Line, (int)node.Start.Column, message, severity);
}
