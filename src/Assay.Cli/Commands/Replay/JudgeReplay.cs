using Assay.Domain;
using Assay.Judging;
using Assay.Policy;
using Assay.Server.Judging;
using Assay.Storage;

namespace Assay.Cli.Commands.Replay;

/// <summary>The judge flags a replayed policy raises: the stored verdicts reused, or, with an asker, verdicts asked for again within the daily budget.</summary>
/// <remarks>
/// A model's answer cannot be repeated, so a plain replay reuses the verdict stored for each judge rule (the replayed
/// policy's own when there is one, else the latest under any policy) and is identical at the same policy. Re-asking spends
/// from the judges' shared daily budget: each call's tokens are recorded in the store as replay spend, and when the budget
/// is spent the stored verdict is used instead. Nothing else is written. Not thread-safe: one replay calls it in sequence order.
/// </remarks>
internal sealed class JudgeReplay(PolicyDocument policy, IInteractionStore store, JudgeAsker? asker)
{
    /// <summary>What replay's judge calls are recorded as in the shared daily spend.</summary>
    public const string SpendSource = "replay";

    private readonly JudgeSelector _selector = new(policy.Routing);
    private bool _restored;

    public PolicyDocument Policy => policy;

    /// <summary>True when verdicts are asked for again rather than reused.</summary>
    public bool Rejudging => asker is not null;

    /// <summary>Stored verdicts reused.</summary>
    public int Reused { get; private set; }

    /// <summary>Verdicts asked for again.</summary>
    public int Asked { get; private set; }

    /// <summary>Verdicts not asked for again because the day's budget was spent: the stored one was used, when there was one.</summary>
    public int OverBudget { get; private set; }

    /// <summary>Judged interactions with no stored verdict for a rule that selects them (judged before the rule existed, or not yet).</summary>
    public int Missing { get; private set; }

    /// <summary>
    /// The flags of the policy's judge rules that select <paramref name="stored"/>, from <paramref name="verdicts"/> (the
    /// stored verdicts on it) or from a new answer.
    /// </summary>
    public async Task<IReadOnlyList<Flag>> FlagsAsync(StoredInteraction stored, IEnumerable<JudgeRecord> verdicts, CancellationToken cancellationToken)
    {
        var flags = new List<Flag>();
        foreach (var rule in policy.Judges)
        {
            if (!_selector.Selects(rule, stored.Interaction))
                continue;
            var (verdict, model) = await VerdictAsync(rule, stored.Interaction, verdicts, cancellationToken);
            if (verdict is null)
                continue;
            var severity = policy.FindCategory(rule.Category)?.Severity ?? Severity.Medium;
            if (JudgeFlag.For(rule, severity, policy.Hash, stored.Interaction, verdict, model!) is { } flag)
                flags.Add(flag);
        }

        return flags;
    }

    private async Task<(JudgeVerdict? Verdict, string? Model)> VerdictAsync(
        JudgeRule rule, Interaction interaction, IEnumerable<JudgeRecord> verdicts, CancellationToken cancellationToken)
    {
        if (asker is not null)
        {
            if (!_restored)
            {
                asker.Budget.Restore(await store.JudgeTokensSinceAsync(asker.Budget.DayStart, cancellationToken));
                _restored = true;
            }

            if (!asker.Budget.IsSpent)
            {
                var answered = await asker.AskAsync(rule, interaction, cancellationToken);
                await store.RecordJudgeSpendAsync(SpendSource, rule.Id, answered.Tokens, cancellationToken);
                Asked++;
                return (answered.Verdict, asker.Model);
            }

            OverBudget++;
        }

        var kept = verdicts.Where(v => v.Rule == rule.Id).OrderByDescending(v => v.Policy == policy.Hash).ThenByDescending(v => v.RecordedAt).FirstOrDefault();
        if (kept is null)
        {
            Missing++;
            return (null, null);
        }

        Reused++;
        return (kept.Verdict, kept.Model);
    }
}
