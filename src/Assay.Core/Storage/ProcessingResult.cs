using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage;

/// <summary>The pipeline's output for one interaction under one policy version.</summary>
/// <param name="Diagnostics">Detectors that failed on this interaction, with why; never a failed ingest.</param>
/// <param name="Routing">The router's decision; a selected interaction gets a review task.</param>
/// <param name="SelfAgreement">The self-agreement score of the client's samples, when the interaction carries any.</param>
public sealed record ProcessingResult(
    long Sequence,
    string PolicyHash,
    IReadOnlyList<Flag> Flags,
    IReadOnlyList<string> Diagnostics,
    RoutingDecision? Routing = null,
    SelfAgreementRecord? SelfAgreement = null);
