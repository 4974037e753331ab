using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>How the review contract processes one test interaction: its project, time, policy, flags and routing decision.</summary>
internal sealed record Route(
    Tier Tier = Tier.Flagged,
    double Priority = 1,
    int RequiredLabels = 2,
    string Project = "support-bot",
    DateTimeOffset? At = null,
    string Policy = "policy-a",
    double Probability = 1,
    bool Selected = true,
    IReadOnlyList<Flag>? Flags = null);
