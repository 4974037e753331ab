using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage;

/// <summary>What the pipeline recorded for one interaction: the policy it ran, the flags it raised and the router's decision.</summary>
/// <param name="PolicyHash">Hash of the policy the interaction was last processed with; null when not processed yet.</param>
/// <param name="Flags">The flags raised under <paramref name="PolicyHash"/>; empty when not processed.</param>
/// <param name="Routing">The stored routing decision (<see cref="RoutingDecision.RequiredLabels"/> from its review task, 0 without one); null when none was stored.</param>
/// <param name="SelfAgreement">The stored self-agreement score: the client's samples' when there are any, else Assay's drawn ones; null when neither.</param>
public sealed record RecordedProcessing(
    long Sequence,
    string InteractionId,
    string? PolicyHash,
    IReadOnlyList<Flag> Flags,
    RoutingDecision? Routing,
    SelfAgreementRecord? SelfAgreement = null);
