using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Sampling;

/// <summary>
/// A real OpenAI-compatible endpoint on loopback: Kestrel serving <c>POST /v1/chat/completions</c> in the chat-completions
/// JSON shape, answering from a script and recording every request.
/// </summary>
internal sealed class FakeChatEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<FakeChatRequest, FakeChatReply> _script;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private FakeChatEndpoint(WebApplication app, Func<FakeChatRequest, FakeChatReply> script) => (_app, _script) = (app, script);

    /// <summary>The base address to give the sampler, ending in <c>/v1</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<FakeChatRequest> Requests { get; } = new();

    /// <summary>Requests whose last user message contains <paramref name="text"/>.</summary>
    public IReadOnlyList<FakeChatRequest> RequestsAbout(string text) =>
        [.. Requests.Where(r => r.User.Contains(text, StringComparison.Ordinal))];

    public static async Task<FakeChatEndpoint> StartAsync(Func<FakeChatRequest, FakeChatReply> script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new FakeChatEndpoint(app, script);
        app.MapPost("/v1/chat/completions", endpoint.AnswerAsync);
        await app.StartAsync();
        endpoint.BaseAddress = new Uri(app.Urls.First() + "/v1");
        return endpoint;
    }

    private async Task<IResult> AnswerAsync(HttpRequest http)
    {
        var body = (await JsonNode.ParseAsync(http.Body))!.AsObject();
        var messages = body["messages"]!.AsArray().Select(m => (Role: (string)m!["role"]!, Content: Text(m["content"]))).ToList();
        var request = new FakeChatRequest(
            _clock.Elapsed,
            http.Headers.Authorization.ToString(),
            (string?)body["model"],
            (double?)body["temperature"],
            (int?)(body["max_completion_tokens"] ?? body["max_tokens"]),
            messages,
            Requests.Count(r => r.User == messages.LastOrDefault(m => m.Role == "user").Content));
        Requests.Enqueue(request);
        var reply = _script(request);
        if (reply.Status != StatusCodes.Status200OK)
            return Results.Json(new { error = new { message = reply.Content.Length > 0 ? reply.Content.Replace("{key}", request.Authorization, StringComparison.Ordinal) : "scripted failure", type = "server_error" } }, statusCode: reply.Status);

        var completion = new JsonObject
        {
            ["id"] = $"chatcmpl-{Requests.Count}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content },
                ["finish_reason"] = "stop",
            }),
        };
        if (reply.PromptTokens is { } prompt && reply.CompletionTokens is { } output)
            completion["usage"] = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = output, ["total_tokens"] = prompt + output };
        return Results.Text(completion.ToJsonString(), "application/json");
    }

    /// <summary>A message's content, whether sent as a string or as a list of text parts.</summary>
    private static string Text(JsonNode? content) => content switch
    {
        JsonValue value => (string)value!,
        JsonArray parts => string.Concat(parts.Select(p => (string?)p?["text"])),
        _ => "",
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>One request the fake endpoint received.</summary>
/// <param name="At">When it arrived, from the endpoint's start.</param>
/// <param name="Authorization">The Authorization header as sent (empty when none).</param>
/// <param name="Earlier">How many earlier requests had the same last user message: 0 for the first.</param>
internal sealed record FakeChatRequest(
    TimeSpan At,
    string Authorization,
    string? Model,
    double? Temperature,
    int? MaxTokens,
    IReadOnlyList<(string Role, string Content)> Messages,
    int Earlier)
{
    /// <summary>The last user message: which interaction this request samples.</summary>
    public string User => Messages.LastOrDefault(m => m.Role == "user").Content ?? "";
}

/// <summary>What the fake endpoint answers: a completion, or an error status.</summary>
internal sealed record FakeChatReply(string Content, int Status = StatusCodes.Status200OK, int? PromptTokens = 20, int? CompletionTokens = 30)
{
    /// <summary>An error answer; <paramref name="message"/> may hold <c>{key}</c>, replaced by the Authorization header received (a proxy that echoes it).</summary>
    public static FakeChatReply Failure(int status = StatusCodes.Status500InternalServerError, string message = "") => new(message, status);

    /// <summary>A completion without a <c>usage</c> object, so the sampler has to estimate its tokens.</summary>
    public static FakeChatReply WithoutUsage(string content) => new(content, PromptTokens: null, CompletionTokens: null);
}
