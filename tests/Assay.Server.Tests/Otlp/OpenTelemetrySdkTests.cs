using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Review;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// The Responses API client is marked experimental; it is the OpenAI client that returns reasoning as content.
#pragma warning disable OPENAI001

namespace Assay.Server.Tests.Otlp;

/// <summary>
/// Real clients, unmodified: Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> (sensitive data on) around an
/// OpenAI Responses client calling a fake endpoint, traced by the OpenTelemetry .NET SDK whose OTLP exporter sends to
/// a real Assay server over HTTP/protobuf and over gRPC, with an API key in the exporter's headers.
/// </summary>
public sealed class OpenTelemetrySdkTests(OtlpGrpcServer server) : IClassFixture<OtlpGrpcServer>
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task Sdk_export_of_a_chat_call_is_stored_with_input_response_reasoning_usage_and_flags(OtlpExportProtocol protocol)
    {
        var project = "sdk-" + protocol.ToString().ToLowerInvariant();
        var ingestKey = await server.KeyAsync(Role.Ingest, project);
        await using var model = await FakeResponsesEndpoint.StartAsync();
        var source = "Assay.Tests.Sdk." + protocol;
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(project))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = protocol == OtlpExportProtocol.Grpc ? server.GrpcAddress : new Uri(server.Address, "v1/traces");
                o.Headers = "Authorization=Bearer " + ingestKey;
                o.TimeoutMilliseconds = 10_000;
            })
            .Build())
        {
            using var chat = new OpenAIClient(new ApiKeyCredential("not-a-real-key"), new OpenAIClientOptions { Endpoint = model.BaseAddress })
                .GetResponsesClient()
                .AsIChatClient("fake-reasoner")
                .AsBuilder()
                .UseOpenTelemetry(sourceName: source, configure: c => c.EnableSensitiveData = true)
                .Build();

            var response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, "Answer from the account records."), new ChatMessage(ChatRole.User, "How do I reach the account owner?")]);

            Assert.Equal(FakeResponsesEndpoint.Answer, response.Text);
            Assert.True(tracing.ForceFlush(15_000), "the SDK did not flush its spans within 15 s");
        }

        using var reader = await ReaderAsync();
        var item = await SingleInteractionAsync(reader, project);
        var interaction = item.GetProperty("interaction");
        Assert.StartsWith("otlp-", interaction.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(FakeResponsesEndpoint.Answer, interaction.GetProperty("response").GetString());
        Assert.Equal(FakeResponsesEndpoint.Reasoning, interaction.GetProperty("reasoning").GetString());
        Assert.Equal("fake-reasoner", interaction.GetProperty("model").GetString());
        var input = interaction.GetProperty("input").GetRawText();
        Assert.Contains("How do I reach the account owner?", input, StringComparison.Ordinal);
        Assert.Contains("Answer from the account records.", input, StringComparison.Ordinal);
        Assert.Equal(21, interaction.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(13, interaction.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.Contains(item.GetProperty("flags").EnumerateArray(), f => f.GetProperty("rule").GetString() == "pii.email");
    }

    private async Task<HttpClient> ReaderAsync()
    {
        var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.KeyAsync(Role.Admin, "*"));
        return http;
    }

    /// <summary>Polls <c>GET /v1/interactions?project=…</c> until one interaction of the project is processed; at most 15 s.</summary>
    private static async Task<JsonElement> SingleInteractionAsync(HttpClient http, string project)
    {
        var clock = Stopwatch.StartNew();
        var seen = "nothing";
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"v1/interactions?project={project}");
            var items = page.GetProperty("interactions").EnumerateArray().ToList();
            seen = page.GetRawText();
            if (items.Count == 1 && items[0].GetProperty("processing").GetProperty("state").GetString() == "done")
                return items[0];
            Assert.True(items.Count <= 1, $"more than one interaction for one call: {seen}");
            await Task.Delay(100);
        }

        throw new TimeoutException($"no processed interaction of project {project} within 15 s; last page: {seen}");
    }
}
