using Assay.Domain;
using Assay.Ingest;
using Assay.Review;

namespace Assay.Storage.Tests;

/// <summary>Test data: small, valid interactions and flags that differ only where a test says so.</summary>
internal static class Some
{
    private static long s_next;

    public static DateTimeOffset Noon { get; } = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static string Id(string prefix = "i") => $"{prefix}-{Interlocked.Increment(ref s_next):D6}";

    public static Domain.Interaction Interaction(string? id = null, DateTimeOffset? at = null, string response = "The capital of France is Paris.", string project = "support-bot") =>
        new(id ?? Id(), at ?? Noon, "atlas", "2026-10-01",
            [new Message(MessageRole.System, "Be brief."), new Message(MessageRole.User, "What is the capital of France?")],
            response, "The user asks about geography.", [],
            new InteractionMetadata(project, "user-1", "session-1", "normal", new Dictionary<string, string> { ["topic"] = "geography" }),
            new Usage(12, 7, 5), 250.5);

    public static ParsedInteraction Parsed(string? id = null, DateTimeOffset? at = null, string response = "The capital of France is Paris.", string project = "support-bot") =>
        InteractionParser.Canonicalise(Interaction(id, at, response, project));

    public static Flag Flag(string rule, string category = "pii-leak", Severity severity = Severity.Medium, string policy = "policy-a") =>
        new(rule, category, severity, policy, [new Evidence(TextField.Response, null, 0, 5, "alice")], $"Rule {rule} matched 'alice'.");

    public static ProcessingResult Result(long sequence, params Flag[] flags) =>
        new(sequence, flags.Length == 0 ? "policy-a" : flags[0].Policy, flags, []);

    /// <summary>A verdict naming <paramref name="categories"/> (none: no failure), without severity or note.</summary>
    public static Verdict Verdict(params string[] categories) => new(categories.ToHashSet(StringComparer.Ordinal), null, null);
}
