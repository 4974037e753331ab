using Assay.Domain;

namespace Assay.Core.Tests.Detection.Consistency;

/// <summary>Test data for the self-consistency and reasoning detectors.</summary>
internal static class Some
{
    public const string PolicyHash = "test-policy";

    public static Interaction Interaction(string response, IReadOnlyList<string>? samples = null, string? reasoning = null, Usage? usage = null, string model = "atlas") =>
        new("i-1", null, model, null, [new Message(MessageRole.User, "question")], response, reasoning, samples ?? [], InteractionMetadata.Empty, usage, null);

    public static List<Flag> Detect(Assay.Detection.IDetector detector, Interaction interaction)
    {
        var flags = new List<Flag>();
        detector.Detect(interaction, flags);
        return flags;
    }
}
