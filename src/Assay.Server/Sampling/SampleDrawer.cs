using Assay.Domain;
using Assay.Sampling;
using Microsoft.Extensions.AI;

namespace Assay.Server.Sampling;

/// <summary>Asks the model for further answers to an interaction's input, one request per sample, within the rate limit and budget.</summary>
/// <remarks>
/// Requests are spaced evenly at the running policy's <c>requests_per_minute</c> (<see cref="RequestSpacing"/>, kept
/// across policy versions). Each request's tokens are counted against the day's budget: the endpoint's reported usage, or
/// (input + output characters) / 4 when it reports none. A failure is thrown to the caller, who keeps the samples drawn so far.
/// </remarks>
internal sealed class SampleDrawer(IChatClient chat, string model, SamplingStatus status, TimeProvider time) : IDisposable
{
    private readonly RequestSpacing _spacing = new(time);

    /// <summary>Draws until <paramref name="draw"/> holds <paramref name="policy"/>'s number of samples; blank answers are dropped.</summary>
    /// <returns>The requests made; a blank answer uses a request without adding a sample, so at most twice the samples are asked for.</returns>
    /// <remarks>Samples and tokens are added to <paramref name="draw"/> as they come, so a failure part-way loses neither.</remarks>
    public async Task<int> DrawAsync(Interaction interaction, PendingDraw draw, SamplingPolicy policy, TokenBudget budget, CancellationToken cancellationToken)
    {
        var samples = draw.Samples;
        var messages = Messages(interaction);
        var inputCharacters = interaction.Input.Sum(m => (long)m.Content.Length);
        var options = new ChatOptions { ModelId = model, Temperature = (float)policy.Temperature, MaxOutputTokens = policy.MaxOutputTokens };
        var requests = 0;
        // A model that answers blank (e.g. out of tokens while reasoning) must not stall the sampler: the score then uses fewer samples.
        while (samples.Count < policy.Samples && requests < 2 * policy.Samples)
        {
            await _spacing.WaitAsync(policy.RequestsPerMinute, cancellationToken);
            requests++;
            status.Requested();
            var response = await chat.GetResponseAsync(messages, options, cancellationToken);
            var text = response.Text;
            var tokens = Tokens(response.Usage, inputCharacters, text.Length);
            budget.Spend(tokens);
            draw.Tokens += tokens;
            if (!string.IsNullOrWhiteSpace(text))
                samples.Add(text);
        }

        return requests;
    }

    /// <summary>The conversation as the model saw it; tool results become user messages, as Assay keeps no tool-call ids.</summary>
    internal static List<ChatMessage> Messages(Interaction interaction) =>
    [
        .. interaction.Input.Select(m => m.Role switch
        {
            MessageRole.System => new ChatMessage(ChatRole.System, m.Content),
            MessageRole.Assistant => new ChatMessage(ChatRole.Assistant, m.Content),
            MessageRole.Tool => new ChatMessage(ChatRole.User, "Tool result:\n" + m.Content),
            _ => new ChatMessage(ChatRole.User, m.Content),
        }),
    ];

    private static long Tokens(UsageDetails? usage, long inputCharacters, long outputCharacters) =>
        usage?.TotalTokenCount
        ?? (usage?.InputTokenCount is not null || usage?.OutputTokenCount is not null
            ? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)
            : TokenBudget.Estimate(inputCharacters, outputCharacters));

    public void Dispose() => _spacing.Dispose();
}
