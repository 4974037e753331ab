using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace Assay.Client;

/// <summary>
/// The <c>UseAssay()</c> middleware: passes each call through unchanged, then hands a copy of it (request messages,
/// answer, reasoning, usage, latency) to an <see cref="AssayClient"/>.
/// </summary>
/// <remarks>
/// The call itself is never affected: its exceptions pass through untouched, and a failure to capture is swallowed
/// (the capture is an audit copy, not part of the answer). Calls that fail are not sent; Assay audits answers.
/// </remarks>
internal sealed class AssayChatClient(IChatClient innerClient, AssayClient client, AssayChatOptions options) : DelegatingChatClient(innerClient)
{
    /// <summary>The server's limit on input messages; longer conversations keep their latest turns.</summary>
    internal const int MaxInputMessages = 256;

    private const int MaxTagLength = 256;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Enumerated once: the inner client and the capture see the same messages.
        var request = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var risk = Chosen(request, options);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp();
        var response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
        if (risk is not null)
            Capture(request, options, response, risk, started, Stopwatch.GetElapsedTime(clock));
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var risk = Chosen(request, options);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp();
        var updates = risk is null ? null : new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
        {
            updates?.Add(update);
            yield return update;
        }

        // Only a stream read to its end is an answer; one the caller stopped reading is not sent.
        if (updates is not null)
            Capture(request, options, updates.ToChatResponse(), risk!, started, Stopwatch.GetElapsedTime(clock));
    }

    /// <summary>Whether this call is sent: its risk (<c>""</c> when the selector names none), or null when the share leaves it out.</summary>
    private string? Chosen(IReadOnlyList<ChatMessage> request, ChatOptions? chatOptions)
    {
        string? risk = null;
        try
        {
            risk = options.RiskSelector?.Invoke(request, chatOptions);
        }
#pragma warning disable CA1031 // The selector is the application's code; its failure must not fail the call.
        catch (Exception)
#pragma warning restore CA1031
        {
            risk = null;
        }

        if (risk == "high" || options.Share >= 1 || Random.Shared.NextDouble() < options.Share)
            return risk ?? "";
        return null;
    }

    private void Capture(IReadOnlyList<ChatMessage> request, ChatOptions? chatOptions, ChatResponse response, string risk, DateTimeOffset started, TimeSpan latency)
    {
        try
        {
            var interaction = ToInteraction(request, chatOptions, response, risk, started, latency, this.GetService<ChatClientMetadata>());
            if (interaction is not null)
                client.Send(interaction);
        }
#pragma warning disable CA1031 // An audit copy that cannot be made is not the caller's problem.
        catch (Exception)
#pragma warning restore CA1031
        {
            client.CountDropped();
        }
    }

    /// <summary>The interaction for one finished call; null when the request had no messages to audit.</summary>
    internal AssayInteraction? ToInteraction(
        IReadOnlyList<ChatMessage> request, ChatOptions? chatOptions, ChatResponse response, string risk, DateTimeOffset started, TimeSpan latency,
        ChatClientMetadata? metadata)
    {
        var input = new List<AssayMessage>(Math.Min(request.Count, MaxInputMessages));
        for (var i = Math.Max(0, request.Count - MaxInputMessages); i < request.Count; i++)
            input.Add(new AssayMessage(Role(request[i].Role), Text(request[i].Contents)));
        if (input.Count == 0)
            return null;

        var reasoning = Reasoning(response);
        return new AssayInteraction(Guid.NewGuid().ToString("N"), Model(response.ModelId ?? chatOptions?.ModelId ?? metadata?.DefaultModelId), input, response.Text)
        {
            Timestamp = started,
            ModelVersion = options.ModelVersion,
            Reasoning = reasoning.Length == 0 ? null : reasoning,
            Metadata = new AssayMetadata
            {
                Project = options.Project,
                SessionId = chatOptions?.ConversationId ?? response.ConversationId,
                Risk = risk.Length == 0 ? null : risk,
                Tags = Tags(response.ResponseId, metadata?.ProviderName),
            },
            Usage = response.Usage is { } usage
                ? new AssayUsage { InputTokens = usage.InputTokenCount, OutputTokens = usage.OutputTokenCount, ReasoningTokens = usage.ReasoningTokenCount }
                : null,
            LatencyMs = Math.Round(latency.TotalMilliseconds, 3),
        };
    }

    /// <summary>
    /// The configured tags, plus the provider and its response id for finding the call in the provider's own logs. The
    /// response id is a tag, not the interaction's id: some local servers repeat theirs, and a repeat would be refused
    /// as a conflict. Each captured call gets a new id; the client's retries resend that same id.
    /// </summary>
    private IReadOnlyDictionary<string, string>? Tags(string? responseId, string? provider)
    {
        if (responseId is null && provider is null)
            return options.Tags;
        var tags = options.Tags is null ? new Dictionary<string, string>(2, StringComparer.Ordinal) : new Dictionary<string, string>(options.Tags, StringComparer.Ordinal);
        if (provider is not null)
            tags.TryAdd("provider", provider);
        if (responseId is { Length: > 0 and <= MaxTagLength })
            tags.TryAdd("response_id", responseId);
        return tags;
    }

    private static string Model(string? model) => string.IsNullOrWhiteSpace(model) ? "unknown" : model;

    /// <summary>Assay's four roles; a <c>developer</c> message is the newer name for a system one.</summary>
    private static string Role(ChatRole role) =>
        role == ChatRole.System || role.Value == "developer" ? "system"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : "user";

    /// <summary>A message's text; tool calls and their results written out, so a reviewer sees what the model asked for and got.</summary>
    private static string Text(IList<AIContent> contents)
    {
        if (contents.Count == 1 && contents[0] is TextContent only)
            return only.Text;
        var text = new StringBuilder();
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent part:
                    text.Append(part.Text);
                    break;
                case FunctionCallContent call:
                    Separate(text).Append("[tool call ").Append(call.Name).Append('(')
                        .Append(call.Arguments is null ? "" : string.Join(", ", call.Arguments.Select(a => $"{a.Key}: {a.Value}"))).Append(")]");
                    break;
                case FunctionResultContent result:
                    Separate(text).Append("[tool result ").Append(result.CallId).Append(": ").Append(result.Result).Append(']');
                    break;
                case DataContent data:
                    Separate(text).Append('[').Append(data.MediaType).Append(" data]");
                    break;
                case UriContent uri:
                    Separate(text).Append('[').Append(uri.MediaType).Append(' ').Append(uri.Uri).Append(']');
                    break;
                default:
                    break; // reasoning of earlier turns and provider-specific parts are not part of the visible conversation
            }
        }

        return text.ToString();
    }

    private static StringBuilder Separate(StringBuilder text) => text.Length == 0 ? text : text.Append('\n');

    private static string Reasoning(ChatResponse response)
    {
        StringBuilder? reasoning = null;
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextReasoningContent { Text.Length: > 0 } part)
                    (reasoning ??= new StringBuilder()).Append(part.Text);
            }
        }

        return reasoning?.ToString() ?? "";
    }
}
