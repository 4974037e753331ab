using Assay.Domain;

namespace Assay.Storage;

/// <summary>The pipeline's output for one interaction under one policy version.</summary>
/// <param name="Diagnostics">Detectors that failed on this interaction, with why; never a failed ingest.</param>
public sealed record ProcessingResult(long Sequence, string PolicyHash, IReadOnlyList<Flag> Flags, IReadOnlyList<string> Diagnostics);
