namespace Assay.Storage;

/// <summary>What one retention run deleted, and what it kept although it was old enough.</summary>
/// <param name="KeptReviewed">Interactions received before the boundary that were kept because a human labelled them.</param>
public sealed record RetentionReport(
    DateTimeOffset ReceivedBefore,
    long Interactions,
    long Flags,
    long SelfAgreement,
    long Routing,
    long Tasks,
    long Labels,
    long Adjudications,
    long KeptReviewed)
{
    /// <summary>One line naming the boundary and every count, for the log and the CLI.</summary>
    public string Describe() =>
        $"deleted {Interactions} interactions received before {ReceivedBefore.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} with {Flags} flags, " +
        $"{SelfAgreement} self-agreement scores, {Routing} routing decisions, {Tasks} review tasks, {Labels} labels and {Adjudications} adjudications; " +
        $"kept {KeptReviewed} reviewed interactions";

    public RetentionReport Add(RetentionReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Interactions = Interactions + other.Interactions,
            Flags = Flags + other.Flags,
            SelfAgreement = SelfAgreement + other.SelfAgreement,
            Routing = Routing + other.Routing,
            Tasks = Tasks + other.Tasks,
            Labels = Labels + other.Labels,
            Adjudications = Adjudications + other.Adjudications,
        };
    }
}
