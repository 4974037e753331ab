namespace Assay.Server;

/// <summary>The policy Assay was asked to run with cannot be used.</summary>
public sealed class PolicyException(string message) : Exception(message);
