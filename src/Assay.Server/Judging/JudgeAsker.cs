using System.ClientModel;
using Assay.Domain;
using Assay.Judging;
using Assay.Sampling;
using Assay.Server.Sampling;
using Microsoft.Extensions.AI;

namespace Assay.Server.Judging;

/// <summary>Asks a judge rule's model about one interaction and reads its answer: the one call the judge worker and <c>assay replay --rejudge</c> share.</summary>
/// <remarks>
/// Spaces requests by the policy's rate limit and counts every answer's tokens against the daily <see cref="Budget"/>;
/// <see cref="Follow"/> moves it to another version's <c>judging</c> section, keeping the day's spend and the spacing;
/// the caller stores the verdict and keeps the budget in step with the store. An endpoint that refuses the request itself
/// (HTTP 400, 413, 422) yields a malformed verdict; any other failure is thrown for the caller to retry. Errors are
/// redacted: one line, never the key. Thread-safe for one caller at a time.
/// </remarks>
public sealed class JudgeAsker : IDisposable
{
    private readonly IChatClient _chat;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;
    private readonly RequestSpacing _spacing;
    private JudgingPolicy _policy;
    private IDisposable? _owned;

    /// <summary>An asker with its own model client on <paramref name="options"/>' endpoint, disposed with it (for the CLI).</summary>
    public static JudgeAsker Create(JudgeOptions options, JudgingPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var chat = Sampling.SamplerChatClient.Create(options.AsClient());
        return new JudgeAsker(chat, policy, options.Model!, options.ApiKey, time) { _owned = chat };
    }

    public JudgeAsker(IChatClient chat, JudgingPolicy policy, string model, string? apiKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(time);
        (_chat, _policy, Model, _apiKey, _time) = (chat, policy, model, apiKey, time);
        Budget = new TokenBudget(policy.DailyTokenBudget, time);
        _spacing = new RequestSpacing(time);
    }

    /// <summary>The model asked, recorded on every verdict.</summary>
    public string Model { get; }

    /// <summary>Today's spend against the policy's daily token budget, shared by every judge rule.</summary>
    public TokenBudget Budget { get; private set; }

    /// <summary>Asks under <paramref name="policy"/> from now on (a newly activated version's <c>judging</c> section); today's spend carries over.</summary>
    internal void Follow(JudgingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy == _policy)
            return;
        if (policy.DailyTokenBudget != Budget.DailyLimit)
        {
            var budget = new TokenBudget(policy.DailyTokenBudget, _time);
            budget.Restore(Budget.SpentToday);
            Budget = budget;
        }

        _policy = policy;
    }

    /// <summary>Asks <paramref name="rule"/>'s question about <paramref name="interaction"/> and reads the answer under the output contract.</summary>
    public async Task<JudgeAnswered> AskAsync(JudgeRule rule, Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(interaction);
        var prompt = JudgePrompt.Render(rule.Prompt, interaction);
        await _spacing.WaitAsync(_policy.RequestsPerMinute, cancellationToken);

        ChatResponse response;
        try
        {
            response = await _chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, JudgePrompt.Contract), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions
                {
                    ModelId = Model,
                    Temperature = (float)_policy.Temperature,
                    MaxOutputTokens = _policy.MaxOutputTokens,
                    ResponseFormat = ChatResponseFormat.Json,
                },
                cancellationToken);
        }
        catch (ClientResultException e) when (e.Status is 400 or 413 or 422)
        {
            var error = Redacted(e.Message);
            return new JudgeAnswered(JudgeVerdict.Malformed($"the endpoint refused the request (HTTP {e.Status}): {error}"), "", 0, e.Status);
        }

        var text = response.Text;
        var tokens = response.Usage?.TotalTokenCount ?? TokenBudget.Estimate(JudgePrompt.Contract.Length + prompt.Length, text.Length);
        Budget.Spend(tokens);
        return new JudgeAnswered(JudgeAnswer.Parse(text), text, tokens, null);
    }

    /// <summary>An error as it may be logged and stored: one line, at most 300 characters, never the endpoint's key.</summary>
    public string Redacted(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = message.ReplaceLineEndings(" ");
        if (_apiKey is { Length: > 0 } key)
            line = line.Replace(key, "***", StringComparison.Ordinal);
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 299), "…");
    }

    public void Dispose()
    {
        _spacing.Dispose();
        _owned?.Dispose();
    }
}
