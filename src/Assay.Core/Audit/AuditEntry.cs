namespace Assay.Audit;

/// <summary>One link of the audit chain as stored: the entry's fields, the hash before it and its own hash.</summary>
/// <param name="Seq">The entry's position, from 1, without gaps.</param>
/// <param name="Subjects">The ids it concerns; stored as the canonical JSON array text so that an edit to it is seen.</param>
/// <param name="Payload">Canonical JSON object text, hashed as stored.</param>
/// <param name="PreviousHash">Lowercase hex SHA-256 of the entry before, or <see cref="AuditChain.Genesis"/> for the first.</param>
/// <param name="Hash">Lowercase hex SHA-256 of the previous hash's 32 bytes followed by this entry's canonical JSON (UTF-8).</param>
public sealed record AuditEntry(
    long Seq,
    DateTimeOffset Time,
    AuditActor Actor,
    string Kind,
    string Subjects,
    string Payload,
    string PreviousHash,
    string Hash);
