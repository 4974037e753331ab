using System.Globalization;
using System.Text.Json.Nodes;
using Assay.Monitoring;
using Assay.Review;
using Assay.Storage;

namespace Assay.Audit;

/// <summary>The audit entries Assay writes, one factory per kind of decision, so every writer logs a kind alike.</summary>
/// <remarks>Subjects are typed ids (<c>interaction:</c>, <c>task:</c>, <c>label:</c>, <c>key:</c>, <c>policy:</c>, <c>alert:</c>) so that one query finds everything about one thing.</remarks>
public static class AuditRecords
{
    public static AuditRecord KeyCreated(AuditActor actor, ApiKey key) => AuditRecord.Create(actor, "key.created", [$"key:{key.KeyId}"], new JsonObject
    {
        ["name"] = key.Name,
        ["role"] = key.Role.ToString().ToLowerInvariant(),
        ["project"] = key.Project,
        ["expires_at"] = key.ExpiresAt is { } expires ? AuditChain.FormatTime(expires) : null,
    });

    public static AuditRecord KeyRevoked(AuditActor actor, string keyId) =>
        AuditRecord.Create(actor, "key.revoked", [$"key:{keyId}"], []);

    /// <summary>A key that was refused because it had expired: logged once, when it is first presented after its expiry.</summary>
    public static AuditRecord KeyExpired(string keyId, DateTimeOffset expiredAt) =>
        AuditRecord.Create(AuditActor.System, "key.expired", [$"key:{keyId}"], new JsonObject { ["expired_at"] = AuditChain.FormatTime(expiredAt) });

    public static AuditRecord Label(AuditActor actor, Label label, bool revision) => AuditRecord.Create(actor,
        revision ? "label.revised" : "label.submitted",
        label.Supersedes is { } old ? [$"task:{label.TaskId}", $"label:{label.LabelId}", $"label:{old}"] : [$"task:{label.TaskId}", $"label:{label.LabelId}"],
        Verdict(label.Verdict));

    public static AuditRecord Adjudicated(AuditActor actor, long taskId, Verdict verdict) =>
        AuditRecord.Create(actor, "task.adjudicated", [$"task:{taskId}"], Verdict(verdict));

    /// <summary>What the pipeline decided for one interaction: its flags, its route and whether it got a review task.</summary>
    public static AuditRecord Processed(string interactionId, ProcessingResult result) => AuditRecord.Create(AuditActor.System, "pipeline.processed",
        [$"interaction:{interactionId}", $"policy:{result.PolicyHash}"], new JsonObject
        {
            ["flags"] = new JsonArray([.. result.Flags.Select(f => (JsonNode)new JsonObject
            {
                ["rule"] = f.Rule,
                ["category"] = f.Category,
                ["severity"] = f.Severity.ToString().ToLowerInvariant(),
            })]),
            ["tier"] = result.Routing is { } r ? (int)r.Tier : null,
            ["inclusion_probability"] = result.Routing is { } p ? p.InclusionProbability.ToString("R", CultureInfo.InvariantCulture) : null,
            ["task"] = result.Routing?.Selected ?? false,
            ["diagnostics"] = result.Diagnostics.Count,
        });

    public static AuditRecord AlertChanged(Alert alert, long eventId) => AuditRecord.Create(AuditActor.System,
        alert.State == AlertState.Firing ? "alert.fired" : "alert.resolved", [$"alert:{alert.RuleId}/{alert.Key}", $"alert-event:{eventId}"], new JsonObject
        {
            ["rule"] = alert.RuleId,
            ["key"] = alert.Key,
            ["value"] = alert.Value.ToString("R", CultureInfo.InvariantCulture),
            ["message"] = alert.Message,
        });

    /// <summary>The sampler's verdict on one interaction: its self-agreement score (or why there is none) and whether it flagged it.</summary>
    public static AuditRecord SamplerVerdict(long sequence, SelfAgreementRecord record, Domain.Flag? flag) => AuditRecord.Create(AuditActor.System,
        "sampler.verdict", [$"interaction-seq:{sequence}"], new JsonObject
        {
            ["method"] = record.Method.ToString(),
            ["samples"] = record.SampleCount,
            ["score"] = record.Score.ToString("R", CultureInfo.InvariantCulture),
            ["flag"] = flag?.Rule,
        });

    /// <summary>A judge's verdict on one interaction: the rule and model, what it answered, and the flag and route it caused.</summary>
    public static AuditRecord JudgeVerdict(string interactionId, string policyHash, JudgeRecord record, Domain.Flag? flag, Routing.RoutingDecision? reroute)
    {
        ArgumentNullException.ThrowIfNull(record);
        return AuditRecord.Create(AuditActor.System, "judge.verdict",
            [$"interaction:{interactionId}", $"interaction-seq:{record.Sequence}", $"policy:{policyHash}"], new JsonObject
            {
                ["rule"] = record.Rule,
                ["model"] = record.Model,
                ["outcome"] = StoredRows.OutcomeText(record.Verdict.Outcome),
                ["score"] = record.Verdict.Score?.ToString("R", CultureInfo.InvariantCulture),
                ["problem"] = record.Verdict.Problem,
                ["tokens"] = record.Tokens,
                ["flag"] = flag?.Rule,
                ["tier"] = reroute is { } r ? (int)r.Tier : null,
                ["task"] = reroute?.Selected,
            });
    }

    public static AuditRecord PolicyActivated(string policyHash, string source) => PolicyActivated(AuditActor.System, policyHash, source);

    /// <summary>A policy version made the running one, at a node's start (<see cref="AuditActor.System"/>) or by a key.</summary>
    public static AuditRecord PolicyActivated(AuditActor actor, string policyHash, string source) =>
        AuditRecord.Create(actor, "policy.activated", [$"policy:{policyHash}"], new JsonObject { ["source"] = source });

    /// <summary>A policy text stored as a version (checked, not yet running).</summary>
    public static AuditRecord PolicyUploaded(AuditActor actor, string policyHash, string source) =>
        AuditRecord.Create(actor, "policy.uploaded", [$"policy:{policyHash}"], new JsonObject { ["source"] = source });

    /// <summary>An incident opened by a lead or an alert, with what it points at.</summary>
    public static AuditRecord IncidentOpened(AuditActor actor, Incidents.Incident incident) => AuditRecord.Create(actor, "incident.opened",
        [$"incident:{incident.Id}", .. incident.Links.Select(l => l.ToString())], new JsonObject
        {
            ["project"] = incident.Project,
            ["title"] = incident.Title,
            ["severity"] = Incidents.Incident.Name(incident.Severity),
            ["alert_event"] = incident.AlertEventId,
        });

    /// <summary>An incident changed: the steps its timeline gained, and the links it gained as subjects.</summary>
    public static AuditRecord IncidentChanged(AuditActor actor, long incidentId, IReadOnlyList<Incidents.IncidentLink> added, IReadOnlyList<(string Kind, string Text)> events) =>
        AuditRecord.Create(actor, "incident.changed", [$"incident:{incidentId}", .. added.Select(l => l.ToString())], new JsonObject
        {
            ["changes"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject { ["kind"] = e.Kind, ["text"] = e.Text })]),
        });

    private static JsonObject Verdict(Verdict verdict) => new()
    {
        ["categories"] = new JsonArray([.. verdict.Categories.Order(StringComparer.Ordinal).Select(c => (JsonNode)c)]),
        ["severity"] = verdict.Severity?.ToString().ToLowerInvariant(),
        ["note"] = verdict.Note,
    };
}
