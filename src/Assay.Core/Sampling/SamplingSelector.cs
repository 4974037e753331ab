using Assay.Domain;
using Assay.Routing;

namespace Assay.Sampling;

/// <summary>Decides whether Assay draws its own samples for an interaction; pure, deterministic and thread-safe.</summary>
/// <remarks>
/// The draw is the router's keyed hash of the interaction id under the policy's salt, on a stream of its own
/// (<c>sampling:</c> before the id), so it is independent of the audit draw and the same on every replay.
/// </remarks>
public sealed class SamplingSelector(SamplingPolicy policy, RoutingPolicy routing)
{
    private const string StreamLabel = "sampling:";

    private readonly Router _draws = new(routing ?? throw new ArgumentNullException(nameof(routing)));

    public SamplingPolicy Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <summary>True when <paramref name="interaction"/> carries no samples of its own, passes the risk filter and is drawn.</summary>
    public bool Selects(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.Samples.Count > 0)
            return false;
        if (Policy.OnlyRisk.Count > 0
            && !Policy.OnlyRisk.Any(r => string.Equals(r, interaction.Metadata.Risk, StringComparison.OrdinalIgnoreCase)))
            return false;
        return Draw(interaction.Id) < Policy.Share;
    }

    /// <summary>The uniform draw in [0, 1) for <paramref name="id"/> on the sampling stream.</summary>
    public double Draw(string id) => _draws.Draw(StreamLabel + id);
}
