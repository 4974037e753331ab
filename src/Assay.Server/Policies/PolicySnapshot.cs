using Assay.Judging;
using Assay.Monitoring;
using Assay.Pipeline;
using Assay.Policy;
using Assay.Routing;
using Assay.Sampling;
using Assay.Server.Monitoring;

namespace Assay.Server.Policies;

/// <summary>Everything built from one policy version: the pipeline, the flag vocabulary, the monitors, and what the sampler and the judges read.</summary>
/// <remarks>
/// Built whole before it is published, so no reader ever sees the rules of one version with the routing of another, and a
/// version's sections are parsed once, when it is published, not on every tick of a worker.
/// </remarks>
/// <param name="Sampling">The <c>sampling</c> section as read, with its problems; its policy is null when the section is missing or has errors.</param>
/// <param name="Sampler">Which interactions the sampler draws for; null when this version does not sample.</param>
/// <param name="Judges">Which interactions each of the version's judge rules judges.</param>
/// <param name="Router">The version's router, for the late flags of the sampler and the judges.</param>
internal sealed record PolicySnapshot(
    PolicyDocument Policy,
    DetectionPipeline Pipeline,
    FlagVocabulary Vocabulary,
    MonitoringSettings Monitoring,
    SamplingReadResult Sampling,
    SamplingSelector? Sampler,
    JudgeSelector Judges,
    Router Router)
{
    public static PolicySnapshot Build(PolicyDocument policy, TimeSpan monitorInterval)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var pipeline = PipelineFactory.Create(policy);
        // The policy was checked before it got here, so monitor errors cannot stop it; invalid monitors are left out and logged.
        var monitors = MonitorReader.Read(policy);
        // The same holds for the sampling section: one with errors samples nothing, and the sampler logs why.
        var sampling = SamplingReader.Read(policy);
        return new PolicySnapshot(
            policy, pipeline, FlagVocabulary.For(policy, pipeline), new MonitoringSettings(monitors.Rules, monitorInterval, monitors.Problems),
            sampling, sampling.Policy is null ? null : new SamplingSelector(sampling.Policy, policy.Routing), new JudgeSelector(policy.Routing),
            new Router(policy.Routing, policy.Review));
    }
}
