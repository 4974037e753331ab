using Assay.Domain;

namespace Assay.Policy;

/// <summary>One kind of failure in a policy's taxonomy, with what it means and how bad it is.</summary>
public sealed record FailureCategory(string Id, string Name, string Definition, Severity Severity);
