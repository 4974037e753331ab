namespace Assay.Storage;

/// <summary>The tables <c>assay copy</c> carries between SQLite and PostgreSQL, in an order that satisfies their references.</summary>
/// <remarks>
/// The one list of what moves: both schemas have these columns with the same meaning (times in Unix milliseconds, bodies
/// as canonical JSON bytes), so each engine's reader and writer build their SQL from it. Ids and identity values are
/// copied as they are, so every reference between tables still holds. Transient state (leases, assignments, schema
/// bookkeeping) is not listed and not copied.
/// </remarks>
public static class PortableTables
{
    public static IReadOnlyList<PortableTable> All { get; } =
    [
        new("interactions",
            ["seq", "id", "content_hash", "occurred_at", "received_at", "model", "project", "body", "processed_policy", "processed_at", "diagnostics"],
            ["seq"], "seq"),
        new("flags", ["flag_id", "interaction_seq", "policy", "rule", "category", "severity", "occurred_at", "body"], ["flag_id"], "flag_id"),
        new("self_agreement",
            ["interaction_seq", "source", "policy", "model_version", "method", "sample_count", "score", "unsupported", "samples", "occurred_at",
             "recorded_at", "drawn_by", "tokens"],
            ["interaction_seq", "source"]),
        new("judge_verdicts",
            ["interaction_seq", "rule", "policy", "model", "outcome", "score", "quotes", "explanation", "problem", "answer", "tokens", "occurred_at", "recorded_at"],
            ["interaction_seq", "rule", "policy"]),
        new("routing", ["interaction_seq", "policy", "tier", "inclusion_probability", "selected", "priority", "reason"], ["interaction_seq"]),
        new("review_tasks",
            ["task_id", "interaction_seq", "policy", "tier", "priority", "required_labels", "status", "created_at", "closed_at", "occurred_at"], ["task_id"], "task_id"),
        new("labels", ["label_id", "task_id", "reviewer", "categories", "severity", "note", "seconds", "created_at", "superseded_by"], ["label_id"], "label_id"),
        new("adjudications",
            ["adjudication_id", "task_id", "lead", "categories", "severity", "note", "label_ids", "created_at", "superseded_by"],
            ["adjudication_id"], "adjudication_id"),
        new("demo_truth", ["category", "measure", "truth"], ["category", "measure"]),
        new("api_keys", ["key_id", "secret_hash", "name", "role", "project", "created_at", "revoked_at", "expires_at", "last_used_at"], ["key_id"]),
        new("open_alerts", ["rule_id", "key", "fired_at", "value", "message"], ["rule_id", "key"]),
        new("alert_events", ["event_id", "rule_id", "key", "state", "fired_at", "resolved_at", "value", "message", "recorded_at"], ["event_id"], "event_id"),
        // Deliveries have no id of their own on SQLite; each engine orders an event's deliveries as they were recorded.
        new("alert_deliveries", ["event_id", "target", "attempts", "delivered", "error", "at"], ["event_id"]),
    ];
}
