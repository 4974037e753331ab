using Assay.Detection;
using Assay.Detection.Consistency;
using Assay.Detection.Reasoning;
using Assay.Pipeline;
using Assay.Policy;
using Assay.Routing;

namespace Assay.Server;

/// <summary>Builds the detection pipeline a policy runs with: the one list of detectors, for the server and for replay.</summary>
public static class PipelineFactory
{
    public static DetectionPipeline Create(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        IDetector[] detectors = [RuleDetector.Create(policy), new SelfConsistencyDetector(policy.Hash), new ReasoningMonitor(policy.Hash)];
        return new DetectionPipeline(policy.Hash, detectors, new Router(policy.Routing, policy.Review));
    }
}
