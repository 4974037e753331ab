using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>Reads policy YAML into a <see cref="Policy"/>, reporting every problem with its line and column.</summary>
/// <remarks>
/// A YAML syntax error stops the reading (nothing after it can be trusted); every other problem is collected
/// so that an author sees them all at once. The policy's hash is the SHA-256 of the text as UTF-8.
/// </remarks>
public static class PolicyLoader
{
    /// <summary>Parses <paramref name="yaml"/>; <paramref name="sourceName"/> names it in problems and on the policy.</summary>
    public static PolicyLoadResult Parse(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourceName);
        var problems = new ProblemList(sourceName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add((int)e.Start.Line, (int)e.Start.Column, $"YAML syntax error: {Innermost(e).Message}", ProblemSeverity.Error);
            return new PolicyLoadResult(null, problems.Sorted());
        }
        catch (ArgumentOutOfRangeException)
        {
            // YamlDotNet's scanner throws this, without a position, for an escape such as "\ud800" that names half of a
            // surrogate pair (found by the HTTP fuzz test of policy uploads).
            problems.Add(1, 1, "YAML syntax error: a \\u escape names half of a UTF-16 surrogate pair, which is not a character", ProblemSeverity.Error);
            return new PolicyLoadResult(null, problems.Sorted());
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(1, 1, "The policy file is empty.", ProblemSeverity.Error);
            return new PolicyLoadResult(null, problems.Sorted());
        }

        if (stream.Documents.Count > 1)
        {
            problems.Error(stream.Documents[1].RootNode, "A policy file holds one YAML document; the later ones are ignored.");
        }

        var policy = new PolicyReader(problems).Read(stream.Documents[0].RootNode, Hash(yaml));
        return new PolicyLoadResult(policy, problems.Sorted());
    }

    /// <summary>Reads and parses the policy file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static PolicyLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="yaml"/> encoded as UTF-8.</summary>
    public static string Hash(string yaml) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));

    private static Exception Innermost(YamlException e) =>
        e.InnerException is YamlException inner ? Innermost(inner) : e;
}
