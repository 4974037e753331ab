namespace Assay.Policy;

/// <summary>Whether a policy problem stops the policy from loading.</summary>
public enum ProblemSeverity
{
    /// <summary>The policy cannot be used until this is fixed.</summary>
    Error,

    /// <summary>The policy loads, but something is probably not what the author meant.</summary>
    Warning,
}
