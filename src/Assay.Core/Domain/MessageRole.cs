namespace Assay.Domain;

/// <summary>Who wrote a message in an interaction's input.</summary>
public enum MessageRole
{
    System,
    User,
    Assistant,
    Tool,
}
