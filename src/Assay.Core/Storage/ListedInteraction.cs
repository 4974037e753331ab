using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage;

/// <summary>An interaction as a list shows it: as stored, with its routing tier and its current flags.</summary>
/// <param name="Tier">The tier the pipeline routed it to; null while it is unprocessed.</param>
/// <param name="Flags">The flags of the policy that processed it, in the order they were stored.</param>
public sealed record ListedInteraction(StoredInteraction Stored, Tier? Tier, IReadOnlyList<Flag> Flags);
