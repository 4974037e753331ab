using Assay.Audit;
using Assay.Policy;
using Assay.Storage;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Policies;

/// <summary>Uploading, activating and following policy versions: the store says which runs, <see cref="LivePolicy"/> runs it.</summary>
/// <remarks>
/// Every step is in the audit log: an upload by a key (<c>policy.uploaded</c>) and every activation (<c>policy.activated</c>),
/// by a key or at a node's start. Following another node's activation is not a decision, so it is logged, not audited.
/// </remarks>
internal sealed class PolicyVersions(IPolicyStore store, IAuditStore audit, LivePolicy live, ILogger<PolicyVersions> logger)
{
    /// <summary>Checks <paramref name="yaml"/> as <c>assay policy check</c> does and stores it when it has no errors.</summary>
    public async Task<(PolicyCheckResult Check, PolicyVersion? Version)> UploadAsync(string yaml, string source, AuditActor actor, CancellationToken cancellationToken)
    {
        var check = PolicyCheck.Run(PolicyLoader.Parse(yaml, source));
        if (check.HasErrors)
            return (check, null);
        var version = await store.AddAsync(check.Policy!.Hash, yaml, source, actor, cancellationToken);
        await audit.AppendAsync(AuditRecords.PolicyUploaded(actor, version.Hash, source), cancellationToken);
        return (check, version);
    }

    /// <summary>Makes the stored version <paramref name="hash"/> run on every node; null when no such version was uploaded.</summary>
    public async Task<PolicyActivation?> ActivateAsync(string hash, AuditActor actor, CancellationToken cancellationToken)
    {
        var policy = await LoadAsync(hash, cancellationToken);
        if (policy is null)
            return null;
        var activation = await store.ActivateAsync(hash, actor, cancellationToken);
        if (activation is null)
            return null;
        live.Publish(policy);
        await audit.AppendAsync(AuditRecords.PolicyActivated(actor, hash, policy.Source), cancellationToken);
        PolicyLog.Activated(logger, hash[..12], actor.Name);
        return activation;
    }

    /// <summary>
    /// Decides what this node starts with. A policy file given at start is the operator's choice: it is stored and activated
    /// (unless it runs already). Without one, the node runs what the store says runs, and only an empty store gets the starter.
    /// </summary>
    public async Task StartAsync(string? policyPath, CancellationToken cancellationToken)
    {
        var active = await store.ActiveAsync(cancellationToken);
        if (policyPath is null && active is not null)
        {
            var stored = await LoadAsync(active.Hash, cancellationToken)
                ?? throw new PolicyException($"the active policy version {active.Hash[..12]} cannot be loaded from the database");
            live.Publish(stored);
            PolicyLog.Resumed(logger, active.Hash[..12], active.ActivatedBy.Name, active.ActivatedAt);
            return;
        }

        var policy = live.Policy;
        var yaml = policyPath is null ? StarterPolicy.Yaml() : await File.ReadAllTextAsync(policyPath, cancellationToken);
        if (PolicyLoader.Hash(yaml) != policy.Hash)
            throw new PolicyException($"policy file '{policyPath}' changed while the server started; start it again");
        await store.AddAsync(policy.Hash, yaml, policy.Source, AuditActor.System, cancellationToken);
        if (active?.Hash == policy.Hash)
            return;
        if (active is not null)
            PolicyLog.Replaced(logger, active.Hash[..12], active.ActivatedBy.Name, active.ActivatedAt, policy.Hash[..12], policyPath ?? "starter policy");
        await store.ActivateAsync(policy.Hash, AuditActor.System, cancellationToken);
        await audit.AppendAsync(AuditRecords.PolicyActivated(policy.Hash, policyPath ?? "starter policy"), cancellationToken);
    }

    /// <summary>Publishes the store's active version when another node activated one; true when it changed what runs here.</summary>
    public async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        var active = await store.ActiveAsync(cancellationToken);
        if (active is null || active.Hash == live.Policy.Hash)
            return false;
        var policy = await LoadAsync(active.Hash, cancellationToken);
        if (policy is null || !live.Publish(policy))
            return false;
        PolicyLog.Followed(logger, active.Hash[..12], active.ActivatedBy.Name, active.ActivatedAt);
        return true;
    }

    private async Task<PolicyDocument?> LoadAsync(string hash, CancellationToken cancellationToken)
    {
        var yaml = await store.TextAsync(hash, cancellationToken);
        if (yaml is null)
            return null;
        var loaded = PolicyLoader.Parse(yaml, $"policy {hash[..12]}");
        // Stored versions were checked on upload; one that no longer loads (a newer build refusing it) is not run.
        if (loaded.HasErrors || loaded.Policy is null)
        {
            PolicyLog.Unloadable(logger, hash[..12], string.Join("; ", loaded.Problems.Where(p => p.Severity == ProblemSeverity.Error)));
            return null;
        }

        return loaded.Policy;
    }
}
