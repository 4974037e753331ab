using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Assay.Domain;
using Assay.Review;

namespace Assay.Routing;

/// <summary>Decides each interaction's tier and whether it is reviewed; pure, deterministic and thread-safe.</summary>
/// <remarks>
/// The random draw is a keyed hash (HMAC-SHA256 of the interaction id under the policy's salt), read
/// as a number in [0, 1). The same policy therefore selects the same interactions on every replay,
/// and no state is needed to know whether an interaction was drawn.
/// </remarks>
public sealed class Router(RoutingPolicy policy, ReviewPolicy? review = null)
{
    private readonly ReviewPolicy _review = review ?? ReviewPolicy.Default;
    private readonly byte[] _key = Encoding.UTF8.GetBytes(policy.Salt);

    public RoutingPolicy Policy => policy;

    public RoutingDecision Route(Interaction interaction, IReadOnlyList<Flag> flags)
    {
        var decision = Decide(interaction, flags);
        if (!decision.Selected)
            return decision;
        // Calibration tasks ask for more labels; drawn from an independent stream of the same hash.
        var calibration = Draw("calibration:" + interaction.Id) < _review.CalibrationShare;
        return decision with { RequiredLabels = calibration ? _review.CalibrationLabels : _review.LabelsPerTask };
    }

    private RoutingDecision Decide(Interaction interaction, IReadOnlyList<Flag> flags)
    {
        var risk = interaction.Metadata.Risk;
        if (risk is not null && policy.CriticalRiskLabels.Any(l => l.Equals(risk, StringComparison.OrdinalIgnoreCase)))
            return Critical(flags, $"the client marked the query risk: {risk}");
        foreach (var flag in flags)
        {
            if (flag.Severity == Severity.Critical)
                return Critical(flags, $"flag '{flag.Rule}' is of critical severity");
            if (IsCriticalRule(flag.Rule))
                return Critical(flags, $"rule '{flag.Rule}' marks a high-risk query");
        }

        if (flags.Count > 0)
        {
            var rate = flags.Max(f => policy.FlaggedRates.TryGetValue(f.Category, out var r) ? r : policy.FlaggedRate);
            var selected = Draw(interaction.Id) < rate;
            var categories = string.Join(", ", flags.Select(f => f.Category).Distinct());
            return new RoutingDecision(Tier.Flagged, rate, selected, Priority(flags),
                selected ? $"flagged ({categories}); drawn at rate {rate:0.###}" : $"flagged ({categories}); not drawn at rate {rate:0.###}");
        }

        var audited = Draw(interaction.Id) < policy.AuditRate;
        return audited
            ? new RoutingDecision(Tier.Audit, policy.AuditRate, true, 0, $"unflagged; drawn for audit at rate {policy.AuditRate:0.###}")
            : new RoutingDecision(Tier.None, policy.AuditRate, false, 0, "unflagged; not drawn for audit");
    }

    /// <summary>The uniform draw in [0, 1) for <paramref name="id"/> under this policy's salt.</summary>
    public double Draw(string id)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(id), hash);
        // 53 bits: exactly representable as a double, uniform on [0, 1).
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }

    private RoutingDecision Critical(IReadOnlyList<Flag> flags, string reason) =>
        new(Tier.Critical, 1.0, true, 1000 + Priority(flags), reason + "; always reviewed");

    private bool IsCriticalRule(string rule) => policy.CriticalRules.Any(pattern =>
        pattern.EndsWith('*') ? rule.StartsWith(pattern[..^1], StringComparison.Ordinal) : rule == pattern);

    private static double Priority(IReadOnlyList<Flag> flags) =>
        flags.Count == 0 ? 0 : (int)flags.Max(f => f.Severity) * 10 + Math.Min(flags.Count, 9);
}
