namespace Assay.Policy;

/// <summary>The policy shipped with Assay: a documented failure taxonomy and an honest starter rule set.</summary>
/// <remarks>See <c>docs/POLICY.md</c> for what its rules catch and, as importantly, what they cannot.</remarks>
public static class StarterPolicy
{
    /// <summary>The name the starter policy carries as its source.</summary>
    public const string SourceName = "starter-policy.yaml";

    private const string ResourceName = "Assay.starter-policy.yaml";

    private static readonly Lazy<PolicyDocument> s_loaded = new(Read);

    /// <summary>The starter policy's YAML text, as embedded in the assembly.</summary>
    public static string Yaml()
    {
        using var stream = typeof(StarterPolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from Assay.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Returns the starter policy (parsed once).</summary>
    /// <exception cref="InvalidOperationException">The embedded policy has errors (a build defect; its test guards against it).</exception>
    public static PolicyDocument Load() => s_loaded.Value;

    private static PolicyDocument Read()
    {
        var result = PolicyLoader.Parse(Yaml(), SourceName);
        return result.Policy ?? throw new InvalidOperationException(
            "The starter policy has errors: " + string.Join("; ", result.Problems));
    }
}
