using Assay.Routing;

namespace Assay.Review;

/// <summary>The population a window's review sample was drawn from: interactions per tier and flags per rule.</summary>
public sealed record PopulationCounts(IReadOnlyDictionary<Tier, long> ByTier, IReadOnlyDictionary<string, long> FlagsByRule);
