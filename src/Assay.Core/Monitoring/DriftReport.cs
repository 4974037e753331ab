namespace Assay.Monitoring;

/// <summary>A drift comparison of several features between two windows, corrected for multiple comparisons.</summary>
/// <param name="Features">One result per feature, in the order compared.</param>
/// <param name="Alpha">The false discovery rate used.</param>
public sealed record DriftReport(IReadOnlyList<FeatureDrift> Features, double Alpha)
{
    /// <summary>Whether any feature drifted.</summary>
    public bool AnyDrift => Features.Any(f => f.Verdict == DriftVerdict.Drifted);

    /// <summary>The names of the drifted features.</summary>
    public IReadOnlyList<string> Drifted => [.. Features.Where(f => f.Verdict == DriftVerdict.Drifted).Select(f => f.Feature)];

    /// <summary>The result for <paramref name="feature"/>, or null.</summary>
    public FeatureDrift? this[string feature] => Features.FirstOrDefault(f => f.Feature == feature);
}
