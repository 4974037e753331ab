using Assay.Detection.Text;

namespace Assay.Detection.Reasoning;

/// <summary>A reasoning sentence that plans to keep something from the user, and what the answer leaves out.</summary>
/// <param name="Reasoning">The concealment sentence in the reasoning.</param>
/// <param name="Missing">The hidden item's content words, as the reasoning spells them, that the answer never uses.</param>
/// <param name="Response">The response sentence that touches the item, if any.</param>
internal sealed record ConcealmentFinding(TextSpan Reasoning, IReadOnlyList<string> Missing, TextSpan? Response);
