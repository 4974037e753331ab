using System.ClientModel;
using System.Runtime.CompilerServices;
using Assay.Client;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Server.Tests.Sampling;
using Assay.Storage;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Assay.Server.Tests.Client;

/// <summary><c>ChatClientBuilder.UseAssay()</c> around chat clients, with a real Assay server receiving what it captures.</summary>
public sealed class UseAssayTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_call_through_the_OpenAI_client_reaches_Assay_with_its_messages_answer_usage_and_options()
    {
        var project = ReviewAssayServer.Project();
        await using var model = await FakeChatEndpoint.StartAsync(_ => new FakeChatReply("The capital of France is Paris.", PromptTokens: 21, CompletionTokens: 7));
        var openAi = new OpenAI.Chat.ChatClient("gpt-test", new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = model.BaseAddress }).AsIChatClient();
        await using var assay = await ClientAsync(project);
        using var chat = new ChatClientBuilder(openAi)
            .UseAssay(assay, new AssayChatOptions { Project = project, ModelVersion = "2026-12-01", Tags = new Dictionary<string, string> { ["app"] = "faq" } })
            .Build();

        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Answer in one sentence."), new ChatMessage(ChatRole.User, "What is the capital of France?")],
            new ChatOptions { ConversationId = "conv-9" });
        await assay.FlushAsync().WaitAsync(s_bound);

        Assert.Equal("The capital of France is Paris.", response.Text);
        var stored = Assert.Single(await StoredAsync(project));
        Assert.Equal(("gpt-test", "2026-12-01", "The capital of France is Paris."), (stored.Model, stored.ModelVersion, stored.Response));
        Assert.Equal([("System", "Answer in one sentence."), ("User", "What is the capital of France?")], stored.Input.Select(m => (m.Role.ToString(), m.Content)));
        Assert.Equal((21L, 7L), (stored.Usage!.InputTokens, stored.Usage.OutputTokens));
        Assert.Equal(("conv-9", "faq", "chatcmpl-1"), (stored.Metadata.SessionId, stored.Metadata.Tags["app"], stored.Metadata.Tags["response_id"]));
        Assert.True(stored.LatencyMs > 0);
    }

    [Fact]
    public async Task A_streamed_call_reaches_the_caller_unchanged_and_Assay_with_its_reasoning_answer_and_usage()
    {
        var project = ReviewAssayServer.Project();
        await using var assay = await ClientAsync(project);
        using var chat = new ChatClientBuilder(new ReasoningModel()).UseAssay(assay, new AssayChatOptions { Project = project }).Build();

        var received = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Is 91 prime?")]))
            received.Add(update.Text);
        await assay.FlushAsync().WaitAsync(s_bound);

        Assert.Equal(ReasoningModel.Answer, received.Where(t => t.Length > 0));
        var stored = Assert.Single(await StoredAsync(project));
        Assert.Equal(("91 = 7 × 13, so it is not prime.", "No: 91 is 7 times 13."), (stored.Reasoning, stored.Response));
        Assert.Equal(("reasoner-1", 5L, 8L, 11L), (stored.Model, stored.Usage!.InputTokens, stored.Usage.OutputTokens, stored.Usage.ReasoningTokens));
        Assert.Equal("reasoning-lab", stored.Metadata.Tags["provider"]);
    }

    [Fact]
    public async Task With_a_share_of_zero_only_the_calls_the_risk_selector_marks_high_are_sent()
    {
        var project = ReviewAssayServer.Project();
        await using var assay = await ClientAsync(project);
        using var chat = new ChatClientBuilder(new ReasoningModel())
            .UseAssay(assay, new AssayChatOptions
            {
                Project = project,
                Share = 0,
                RiskSelector = (messages, _) => messages.Any(m => m.Text.Contains("wire", StringComparison.Ordinal)) ? "high" : null,
            })
            .Build();

        await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Is 91 prime?")]);
        await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Please wire 5,000 EUR to this account.")]);
        await assay.FlushAsync().WaitAsync(s_bound);

        var stored = Assert.Single(await StoredAsync(project));
        Assert.Equal(("Please wire 5,000 EUR to this account.", "high"), (stored.Input[0].Content, stored.Metadata.Risk));
        Assert.Equal(1L, assay.Counters.Queued);
    }

    [Fact]
    public async Task A_failing_model_call_throws_to_the_caller_as_it_would_without_Assay_and_nothing_is_sent()
    {
        var project = ReviewAssayServer.Project();
        await using var model = await FakeChatEndpoint.StartAsync(_ => FakeChatReply.Failure(400, "bad request"));
        var openAi = new OpenAI.Chat.ChatClient("gpt-test", new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = model.BaseAddress }).AsIChatClient();
        await using var assay = await ClientAsync(project);
        using var chat = new ChatClientBuilder(openAi).UseAssay(assay, new AssayChatOptions { Project = project }).Build();

        await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]));

        Assert.Equal((0L, 0L), (assay.Counters.Queued, assay.Counters.Dropped));
    }

    private async Task<AssayClient> ClientAsync(string project) =>
        new(new AssayClientOptions { Endpoint = server.Address, ApiKey = await server.KeyAsync(Role.Ingest, project) });

    private async Task<IReadOnlyList<Domain.Interaction>> StoredAsync(string project) =>
        [.. (await server.Store.ReadAsync(0, 100_000, CancellationToken.None)).Select(s => s.Interaction).Where(i => i.Metadata.Project == project)];

    /// <summary>A reasoning model's client: streams its thinking, then its answer, then the usage, as providers do.</summary>
    private sealed class ReasoningModel : IChatClient
    {
        public static readonly string[] Answer = ["No: ", "91 is 7 ", "times 13."];

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
                updates.Add(update);
            return updates.ToChatResponse();
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var thought in new[] { "91 = 7 × 13, ", "so it is not prime." })
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextReasoningContent(thought)]) { ModelId = "reasoner-1" };
            }

            foreach (var part in Answer)
                yield return new ChatResponseUpdate(ChatRole.Assistant, part) { ModelId = "reasoner-1" };
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 5, OutputTokenCount = 8, ReasoningTokenCount = 11 })]);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("reasoning-lab", null, "reasoner-1") : null;

        public void Dispose()
        {
        }
    }
}
