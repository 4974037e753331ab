using Assay.Review;
using Assay.Server.Auth;

namespace Assay.Server.Review;

/// <summary>What a reviewer who is not a lead may learn about other reviewers' work: nothing before an item is settled.</summary>
/// <remarks>
/// Every route that hands review data to a caller passes it through here, so that no reply, count or chart tells a
/// reviewer whether, or how, someone else labelled an open task. Leads see everything.
/// </remarks>
internal static class BlindRule
{
    /// <summary>The outcome word of a label reply: leads learn whether the labels agreed, reviewers only that theirs was stored.</summary>
    public static string Outcome(LabelOutcome outcome, Caller caller) => outcome switch
    {
        LabelOutcome.Agreed when caller.IsLead => "agreed",
        LabelOutcome.Disagreed when caller.IsLead => "sent-to-adjudication",
        _ => "stored",
    };

    /// <summary>A task's state as shown to the caller: reviewers see open or closed, never whether the labels disagreed.</summary>
    public static string Status(string status, Caller caller) => caller.IsLead || status == "open" ? status : "closed";

    /// <summary>Reviewed items for metrics and charts: for a reviewer, items still waiting for labels carry none.</summary>
    public static IReadOnlyList<ReviewedItem> Items(IReadOnlyList<ReviewedItem> items, Caller caller) =>
        caller.IsLead ? items : [.. items.Select(i => i.IsComplete ? i : i with { Labels = [] })];
}
