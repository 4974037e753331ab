namespace Assay.Audit;

/// <summary>Who made a decision in the audit log: an API key (its id and name), or Assay itself.</summary>
/// <param name="KeyId">The key's id; null for <see cref="System"/>.</param>
public sealed record AuditActor(string? KeyId, string Name)
{
    /// <summary>The pipeline, the monitor, the sampler and the host: decisions no key asked for.</summary>
    public static readonly AuditActor System = new(null, "system");

    public static AuditActor Key(string keyId, string name) => new(keyId, name);
}
