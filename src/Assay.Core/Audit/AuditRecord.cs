using System.Text.Json.Nodes;

namespace Assay.Audit;

/// <summary>A decision to append to the audit log: what the store chains, before it has a sequence number, a time and a hash.</summary>
/// <param name="Kind">What happened, dotted (<c>key.created</c>, <c>label.revised</c>, <c>pipeline.processed</c>…).</param>
/// <param name="Subjects">The ids the decision concerns (<c>interaction:ID</c>, <c>task:N</c>, <c>key:ID</c>, <c>policy:HASH</c>…).</param>
/// <param name="Payload">The details, as canonical JSON text of an object (<see cref="AuditCanonicalJson"/>).</param>
public sealed record AuditRecord(AuditActor Actor, string Kind, IReadOnlyList<string> Subjects, string Payload)
{
    /// <summary>A record whose payload is canonicalised from <paramref name="payload"/>.</summary>
    public static AuditRecord Create(AuditActor actor, string kind, IReadOnlyList<string> subjects, JsonObject payload) =>
        new(actor, kind, subjects, AuditCanonicalJson.Write(payload));
}
