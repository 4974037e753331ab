using Assay.Policy;
using Assay.Server.Tests.Sampling;
using Assay.Storage;

namespace Assay.Server.Tests.Policies;

/// <summary>The sampler follows the running policy: an activated version's <c>sampling:</c> section decides what is drawn next, and the day's spend carries over.</summary>
public sealed class LiveSamplingTests
{
    private const string Answer = "Paris is the capital of France. It lies on the Seine.";

    private static string WithSampling(string sampling) => StarterPolicy.Yaml().TrimEnd() + "\n" + sampling;

    [Fact]
    public async Task A_version_that_adds_a_sampling_section_starts_sampling_what_it_selects_without_a_restart()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(_ => new FakeChatReply(Answer));
        await using var node = await LiveNode.StartAsync(StarterPolicy.Yaml(), sampler: SamplingAssayServer.Options(endpoint));
        var unsampled = await node.StatusAsync("sampling");
        Assert.Equal((false, "the policy has no 'sampling' section"), (unsampled.GetProperty("enabled").GetBoolean(), unsampled.GetProperty("disabled_reason").GetString()));
        var before = SamplingAssayServer.Interaction("Before the activation?", Answer, risk: "high");
        await node.IngestAsync(before);
        await node.WaitUntilAllProcessedAsync();

        await node.ActivateAsync(WithSampling("sampling:\n  share: 1\n  samples: 3\n  requests_per_minute: 6000\n  only_risk: [high]\n"));
        var high = SamplingAssayServer.Interaction("What is the capital of France?", Answer, risk: "high");
        var normal = SamplingAssayServer.Interaction("And which river runs through it?", Answer, risk: "normal");
        await node.IngestAsync(high, normal);

        await Wait.UntilAsync(async () => (await node.RecordedAsync((string)high["id"]!)).SelfAgreement is { Source: SampleSource.Drawn }, 15, "no drawn score after the activation");
        await node.WaitUntilAllProcessedAsync();
        await Task.Delay(500);
        Assert.Equal(3, (await node.RecordedAsync((string)high["id"]!)).SelfAgreement!.SampleCount);
        Assert.Null((await node.RecordedAsync((string)normal["id"]!)).SelfAgreement);
        Assert.Null((await node.RecordedAsync((string)before["id"]!)).SelfAgreement);
        Assert.Empty(endpoint.RequestsAbout("And which river"));
        Assert.Empty(endpoint.RequestsAbout("Before the activation"));

        var status = await node.StatusAsync("sampling");
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal((1.0, 3, 6000), (status.GetProperty("share").GetDouble(), status.GetProperty("samples_per_interaction").GetInt32(),
            status.GetProperty("requests_per_minute").GetInt32()));
    }

    [Fact]
    public async Task A_version_with_a_smaller_budget_counts_what_was_spent_today_under_the_one_before()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(_ => new FakeChatReply(Answer));
        // Every completion reports 50 tokens: two samples spend 100 under the first version, which is the second's whole budget.
        await using var node = await LiveNode.StartAsync(WithSampling("sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 6000\n  daily_token_budget: 1000\n"),
            sampler: SamplingAssayServer.Options(endpoint));
        var first = SamplingAssayServer.Interaction("What is the capital of France?", Answer);
        await node.IngestAsync(first);
        await Wait.UntilAsync(async () => (await node.RecordedAsync((string)first["id"]!)).SelfAgreement is { Source: SampleSource.Drawn }, 15, "no drawn score");

        await node.ActivateAsync(WithSampling("sampling:\n  share: 1\n  samples: 3\n  requests_per_minute: 6000\n  daily_token_budget: 100\n"));
        var second = SamplingAssayServer.Interaction("Which river runs through Paris?", Answer);
        await node.IngestAsync(second);
        await node.WaitUntilAllProcessedAsync();
        await Wait.UntilAsync(async () => (await node.StatusAsync("sampling")).GetProperty("paused_by_budget").GetBoolean(), 10, "the sampler never paused");
        await Task.Delay(500);

        Assert.Null((await node.RecordedAsync((string)second["id"]!)).SelfAgreement);
        Assert.Empty(endpoint.RequestsAbout("Which river"));
        var status = await node.StatusAsync("sampling");
        Assert.Equal((100L, 100L, 3), (status.GetProperty("tokens_spent_today").GetInt64(), status.GetProperty("daily_token_budget").GetInt64(),
            status.GetProperty("samples_per_interaction").GetInt32()));
    }

    [Fact]
    public async Task Activating_a_sampling_section_on_a_server_without_a_sampler_endpoint_shows_the_section_and_says_why_nothing_is_drawn()
    {
        await using var node = await LiveNode.StartAsync(null);

        await node.ActivateAsync(WithSampling("sampling:\n  share: 0.5\n  samples: 4\n"));

        var status = await node.StatusAsync("sampling");
        Assert.Equal((false, "no sampler endpoint is configured (--sampler-endpoint)"), (status.GetProperty("enabled").GetBoolean(), status.GetProperty("disabled_reason").GetString()));
        Assert.Equal((0.5, 4), (status.GetProperty("share").GetDouble(), status.GetProperty("samples_per_interaction").GetInt32()));
    }
}
