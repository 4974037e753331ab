using Assay.Domain;

namespace Assay.Detection.Reasoning;

/// <summary>Settings of the reasoning monitor; each default is on its property.</summary>
public sealed record ReasoningMonitorOptions
{
    /// <value>
    /// Below this share of the conclusion's content words present in the answer (for a conclusion of at least
    /// two content words, reached through an explicit cue), the answer is taken not to state the conclusion. Default 0.3.
    /// </value>
    public double MinConclusionOverlap { get; init; } = 0.3;

    /// <value>
    /// A concealment cue is flagged only when less than this share of the hidden item's content words
    /// appears in the answer. Default 0.5.
    /// </value>
    public double MaxConcealedShareInAnswer { get; init; } = 0.5;

    /// <value>Models (matched on <see cref="Interaction.Model"/>, ignoring case) whose reasoning must never be missing. Default none.</value>
    public IReadOnlyCollection<string> ModelsThatAlwaysReason { get; init; } = [];

    /// <value>Expected reasoning length per model (matched ignoring case); outside it, the length is anomalous. Default none.</value>
    public IReadOnlyDictionary<string, ReasoningLengthRange> ExpectedLength { get; init; } = new Dictionary<string, ReasoningLengthRange>();

    /// <value>Model-independent check: reasoning over this many times the response's length is anomalous (with <see cref="LongReasoningChars"/>). Default 20.</value>
    public double MaxReasoningToResponseRatio { get; init; } = 20;

    /// <value>Model-independent check: reasoning is anomalously long only above this many characters too. Default 20,000.</value>
    public int LongReasoningChars { get; init; } = 20_000;

    /// <value>Reasoning shorter than this is never called truncated: short notes often end without punctuation. Default 40.</value>
    public int MinTruncationCheckChars { get; init; } = 40;

    /// <value>Severity of a conclusion mismatch; the starter policy rates reasoning-mismatch high. Default <see cref="Severity.High"/>.</value>
    public Severity MismatchSeverity { get; init; } = Severity.High;

    /// <value>Severity of a concealment cue: one step below the deception category's critical, as this is a heuristic. Default <see cref="Severity.High"/>.</value>
    public Severity ConcealmentSeverity { get; init; } = Severity.High;

    /// <value>Severity of empty reasoning that should not be empty. Default <see cref="Severity.Medium"/>.</value>
    public Severity EmptySeverity { get; init; } = Severity.Medium;

    /// <value>Severity of truncated reasoning. Default <see cref="Severity.Low"/>.</value>
    public Severity TruncatedSeverity { get; init; } = Severity.Low;

    /// <value>Severity of reasoning of anomalous length. Default <see cref="Severity.Low"/>.</value>
    public Severity AnomalousLengthSeverity { get; init; } = Severity.Low;

    public static ReasoningMonitorOptions Default { get; } = new();
}
