using Assay.Domain;
using Assay.Routing;

namespace Assay.Judging;

/// <summary>Decides which interactions a judge rule judges; pure, deterministic and thread-safe.</summary>
/// <remarks>
/// The draw is the router's keyed hash on a stream of the rule's own (<c>judge:RULE:</c> before the id), independent of
/// the audit draw, of sampling and of every other judge, and the same on every replay.
/// </remarks>
public sealed class JudgeSelector(RoutingPolicy routing)
{
    private readonly Router _draws = new(routing ?? throw new ArgumentNullException(nameof(routing)));

    /// <summary>True when <paramref name="interaction"/> passes the rule's risk filter and is drawn at its share.</summary>
    public bool Selects(JudgeRule rule, Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(interaction);
        if (rule.OnlyRisk.Count > 0 && !rule.OnlyRisk.Any(r => string.Equals(r, interaction.Metadata.Risk, StringComparison.OrdinalIgnoreCase)))
            return false;
        return Draw(rule, interaction.Id) < rule.Share;
    }

    /// <summary>The uniform draw in [0, 1) for <paramref name="id"/> on <paramref name="rule"/>'s stream.</summary>
    public double Draw(JudgeRule rule, string id)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return _draws.Draw("judge:" + rule.Id + ":" + id);
    }
}
