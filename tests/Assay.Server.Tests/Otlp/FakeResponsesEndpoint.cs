using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Assay.Server.Tests.Otlp;

/// <summary>
/// A fake OpenAI-compatible Responses API (<c>POST /v1/responses</c>) on Kestrel at 127.0.0.1: every answer carries a
/// reasoning summary, a text that leaks an email address, and usage with reasoning tokens.
/// </summary>
public sealed class FakeResponsesEndpoint : IAsyncDisposable
{
    public const string Reasoning = "The user wants the owner's contact; the records list one address.";
    public const string Answer = "Write to the owner at owner@example.org.";

    private readonly WebApplication _app;

    private FakeResponsesEndpoint(WebApplication app, Uri baseAddress) => (_app, BaseAddress) = (app, baseAddress);

    /// <summary>The API's base address, ending in <c>/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<FakeResponsesEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/responses", AnswerAsync);
        await app.StartAsync();
        return new FakeResponsesEndpoint(app, new Uri(app.Urls.First() + "/v1/"));
    }

    private static async Task<IResult> AnswerAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var model = body.RootElement.GetProperty("model").GetString();
        var id = "resp_" + Guid.NewGuid().ToString("N");
        var json = $$"""
            {"id":"{{id}}","object":"response","created_at":1764892800,"status":"completed","model":"{{model}}",
             "output":[
               {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"{{Reasoning}}"}]},
               {"type":"message","id":"msg_1","status":"completed","role":"assistant",
                "content":[{"type":"output_text","text":"{{Answer}}","annotations":[]}]}],
             "usage":{"input_tokens":21,"input_tokens_details":{"cached_tokens":0},"output_tokens":13,
                      "output_tokens_details":{"reasoning_tokens":5},"total_tokens":34},
             "parallel_tool_calls":true,"tool_choice":"auto","tools":[],"text":{"format":{"type":"text"} } }
            """;
        return Results.Text(json, "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
