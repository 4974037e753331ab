using Assay.Domain;

namespace Assay.Otlp;

/// <summary>Maps the role names GenAI telemetry uses onto Assay's four roles.</summary>
internal static class Roles
{
    /// <remarks>
    /// <c>developer</c> (OpenAI) is a system message, <c>model</c> (Gemini) an assistant one, <c>function</c> and
    /// <c>ipython</c> tool results. Any other role is read as <c>user</c>: the text is kept for the detectors rather
    /// than dropped over a name.
    /// </remarks>
    public static MessageRole Parse(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        "system" or "developer" => MessageRole.System,
        "assistant" or "model" or "ai" => MessageRole.Assistant,
        "tool" or "function" or "ipython" => MessageRole.Tool,
        _ => MessageRole.User,
    };
}
