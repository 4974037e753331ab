using Assay.Policy;

namespace Assay.Server;

/// <summary>Loads the policy a server or command runs with: a file, or the shipped starter policy.</summary>
public static class ActivePolicy
{
    public static PolicyDocument Load(string? path)
    {
        if (path is null)
            return StarterPolicy.Load();
        if (!File.Exists(path))
            throw new PolicyException($"policy file '{path}' does not exist");
        var result = PolicyLoader.LoadFile(path);
        if (result.HasErrors || result.Policy is null)
            throw new PolicyException($"policy '{path}' has errors:{Environment.NewLine}" + string.Join(Environment.NewLine, result.Problems));
        return result.Policy;
    }
}
