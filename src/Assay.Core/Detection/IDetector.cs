using Assay.Domain;

namespace Assay.Detection;

/// <summary>Turns an interaction into zero or more explainable flags.</summary>
/// <remarks>Implementations are pure and thread-safe: one instance serves every pipeline worker.</remarks>
public interface IDetector
{
    /// <summary>Stable id of the detector, recorded on every flag it produces.</summary>
    string Id { get; }

    /// <summary>Appends the flags this detector raises on <paramref name="interaction"/> to <paramref name="flags"/>.</summary>
    void Detect(Interaction interaction, ICollection<Flag> flags);
}
