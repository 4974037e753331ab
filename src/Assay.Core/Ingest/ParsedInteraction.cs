using Assay.Domain;

namespace Assay.Ingest;

/// <summary>A validated interaction with its canonical JSON and content hash, ready to append.</summary>
/// <param name="CanonicalJson">The interaction re-serialised in Assay's canonical form; this is what is stored.</param>
/// <param name="ContentHash">Lower-case hex SHA-256 of <paramref name="CanonicalJson"/>; equal hashes mean equal content.</param>
public sealed record ParsedInteraction(Interaction Interaction, byte[] CanonicalJson, string ContentHash);
