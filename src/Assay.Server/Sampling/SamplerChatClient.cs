using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Assay.Server.Sampling;

/// <summary>Builds the <see cref="IChatClient"/> samples are drawn from: OpenAI's chat client aimed at a custom endpoint.</summary>
internal static class SamplerChatClient
{
    public static IChatClient Create(SamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint ?? throw new ArgumentException("The sampler needs an endpoint.", nameof(options)),
            NetworkTimeout = options.RequestTimeout,
            // The worker retries with its own back-off and keeps the interaction; retries inside the client would hide failures from the status.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var model = options.Model ?? throw new ArgumentException("The sampler needs a model.", nameof(options));
        // Local servers (vLLM, Ollama) need no key; the client's stable API insists on one, so none is sent rather than a made-up one.
        if (options.ApiKey is null)
            client.AddPolicy(new WithoutAuthorization(), PipelinePosition.BeforeTransport);
        return new ChatClient(model, new ApiKeyCredential(options.ApiKey ?? "none"), client).AsIChatClient();
    }

    /// <summary>Removes the Authorization header just before a request is sent.</summary>
    private sealed class WithoutAuthorization : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
