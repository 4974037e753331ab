using Assay.Domain;

namespace Assay.Detection;

/// <summary>Turns an interaction into zero or more explainable flags.</summary>
/// <remarks>Implementations are pure and thread-safe: one instance serves every pipeline worker.</remarks>
public interface IDetector
{
    /// <summary>Stable id of the detector, recorded on every flag it produces.</summary>
    string Id { get; }

    /// <summary>The rule and category of every flag this detector can raise.</summary>
    /// <remarks>Filters take their vocabulary from it, so a value no detector can produce is refused rather than matching nothing.</remarks>
    IReadOnlyList<FlagKind> Kinds { get; }

    /// <summary>Appends the flags this detector raises on <paramref name="interaction"/> to <paramref name="flags"/>.</summary>
    void Detect(Interaction interaction, ICollection<Flag> flags);
}
