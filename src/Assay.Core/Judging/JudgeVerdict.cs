namespace Assay.Judging;

/// <summary>What a judge's answer said, or that it said nothing usable.</summary>
public enum JudgeOutcome
{
    /// <summary>The judge found the failure.</summary>
    Fail,

    /// <summary>The judge found no failure. Never closes an item on its own: routing and review still decide.</summary>
    Pass,

    /// <summary>The answer broke the contract; recorded with the reason, never guessed at.</summary>
    Malformed,
}

/// <summary>A judge's answer as read by <see cref="JudgeAnswer.Parse"/>.</summary>
/// <param name="Outcome">Fail, pass, or malformed.</param>
/// <param name="Score">The judge's confidence that the answer fails, 0–1; null when malformed.</param>
/// <param name="Quotes">The text the judge quoted as evidence, as given; empty when malformed.</param>
/// <param name="Explanation">The judge's explanation; null when malformed.</param>
/// <param name="Problem">Why the answer is malformed; null otherwise.</param>
public sealed record JudgeVerdict(JudgeOutcome Outcome, double? Score, IReadOnlyList<string> Quotes, string? Explanation, string? Problem)
{
    public static JudgeVerdict Malformed(string problem) => new(JudgeOutcome.Malformed, null, [], null, problem);
}
