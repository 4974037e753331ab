namespace Assay.Server.Tests;

/// <summary>Tests that start <c>assay</c> processes run one at a time, so that they do not starve each other of CPU.</summary>
[CollectionDefinition(Name)]
public sealed class ChildProcesses
{
    public const string Name = "child processes";
}
