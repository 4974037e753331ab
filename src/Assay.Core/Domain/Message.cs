namespace Assay.Domain;

/// <summary>One message of the conversation that was sent to the model.</summary>
public sealed record Message(MessageRole Role, string Content);
