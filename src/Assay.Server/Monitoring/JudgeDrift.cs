using System.Globalization;
using Assay.Assurance;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Review;
using Assay.Storage;

namespace Assay.Server.Monitoring;

/// <summary>The built-in monitor check <c>judge-drift</c>: an alert per judge rule whose agreement with the humans is below the policy's threshold.</summary>
/// <remarks>
/// Calibrates every judge over the reviewed items of the last <see cref="Window"/> (every project and policy version), as
/// the metrics do. Fires when a judge becomes unreliable and resolves when it is no longer (reliable again, or too few
/// items to tell). Needs no monitor rule in the policy: a policy with judge rules has it.
/// </remarks>
internal sealed class JudgeDrift(IReviewStore store, Policies.LivePolicy live)
{
    public const string RuleId = "judge-drift";

    /// <summary>How far back reviewed items are calibrated against.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>The alerts to raise at <paramref name="now"/> given the <paramref name="open"/> ones: firing, resolved, or none.</summary>
    public async Task<IReadOnlyList<Alert>> EvaluateAsync(IReadOnlyList<Alert> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var policy = live.Policy;
        var (from, to) = (now - Window, now.AddSeconds(1));
        var items = await store.ReviewedItemsAsync(ApiKey.AllProjects, from, to, null, cancellationToken);
        var verdicts = await store.ReviewedVerdictsAsync(ApiKey.AllProjects, from, to, null, cancellationToken);
        var calibrations = JudgeCalibrations.Compute(items, verdicts, policy.Judges, policy.Review.AgreementThreshold, MetricsEndpoints.Options(policy));
        var events = new List<Alert>();
        foreach (var calibration in calibrations)
        {
            var current = open.FirstOrDefault(a => a.RuleId == RuleId && a.Key == calibration.Judge);
            if (calibration.Unreliable && current is null)
            {
                events.Add(new Alert(RuleId, calibration.Judge, AlertState.Firing, now, null, calibration.Alpha.Value,
                    string.Create(CultureInfo.InvariantCulture, $"Judge '{calibration.Judge}' drifted from the humans on '{calibration.Category}': {calibration.Reliability.Reason}.")));
            }
            else if (!calibration.Unreliable && current is not null)
            {
                events.Add(current with
                {
                    State = AlertState.Resolved,
                    ResolvedAt = now,
                    Value = calibration.Alpha.Value,
                    Message = $"Judge '{calibration.Judge}' is no longer below the agreement threshold: {calibration.Reliability.Reason}.",
                });
            }
        }

        return events;
    }
}
