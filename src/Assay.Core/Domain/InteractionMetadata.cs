namespace Assay.Domain;

/// <summary>Who and what an interaction belongs to, as the client describes it.</summary>
/// <remarks><see cref="Risk"/> is the client's own risk label; <c>high</c> routes to mandatory review.</remarks>
public sealed record InteractionMetadata(
    string? Project,
    string? UserId,
    string? SessionId,
    string? Risk,
    IReadOnlyDictionary<string, string> Tags)
{
    public static InteractionMetadata Empty { get; } =
        new(null, null, null, null, new Dictionary<string, string>());
}
