using Assay.Detection.Consistency;
using Assay.Domain;
using Assay.Pipeline;
using Assay.Storage;

namespace Assay.Core.Tests.Pipeline;

public sealed class DetectionPipelineTests
{
    private const string Response = "Rest the chicken for 15 to 20 minutes under foil. A 2019 study in the Journal of Applied Culinary Physics proves this.";

    private static StoredInteraction Stored(IReadOnlyList<string> samples) =>
        new(7, new Interaction("i-7", null, "atlas", "v2", [new Message(MessageRole.User, "How long should chicken rest?")], Response, null, samples, InteractionMetadata.Empty, null, null),
            "hash", DateTimeOffset.UnixEpoch, null);

    [Fact]
    public void Process_with_client_samples_returns_the_score_it_flagged_on()
    {
        var samples = new[] { "Rest the chicken 15 to 20 minutes, covered with foil.", "Let it rest under foil for 15 to 20 minutes." };
        var pipeline = new DetectionPipeline("p", [new SelfConsistencyDetector("p")]);

        var result = pipeline.Process(Stored(samples));

        var independent = SelfAgreement.Score(Response, samples);
        var record = result.SelfAgreement!;
        Assert.Equal(SampleSource.Client, record.Source);
        Assert.Equal("atlas@v2", record.ModelVersion);
        Assert.Equal(SelfAgreementMethod.SentenceOverlap, record.Method);
        Assert.Equal(2, record.SampleCount);
        Assert.Equal(independent.Score, record.Score, 12);
        Assert.Equal(1, record.UnsupportedSentences);
        Assert.Null(record.Samples);
        Assert.Equal(SelfConsistencyDetector.RuleId, Assert.Single(result.Flags).Rule);
    }

    [Fact]
    public void Process_without_samples_or_without_the_detector_stores_no_score()
    {
        Assert.Null(new DetectionPipeline("p", [new SelfConsistencyDetector("p")]).Process(Stored([])).SelfAgreement);
        Assert.Null(new DetectionPipeline("p", []).Process(Stored(["a", "b"])).SelfAgreement);
    }
}
