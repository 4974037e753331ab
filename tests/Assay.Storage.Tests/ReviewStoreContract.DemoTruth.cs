using Assay.Demo;

namespace Assay.Storage.Tests;

/// <summary>The demo-truth side of the contract: empty until a demo saves it, then read back in order, and replaced whole by the next save.</summary>
public abstract partial class ReviewStoreContract
{
    [Fact]
    public async Task DemoTruthAsync_is_empty_until_saved_then_reads_back_every_row_in_order_and_a_second_save_replaces_them()
    {
        Assert.Empty(await Store.DemoTruthAsync(CancellationToken.None));

        await Store.SaveDemoTruthAsync(
        [
            new("pii-leak", DemoTruth.Recall, 0.75),
            new("any-failure", DemoTruth.Prevalence, 0.1234567890123),
            new("pii-leak", DemoTruth.FalseNegativeRate, 0.25),
            new("hallucination", DemoTruth.Prevalence, 0),
        ], CancellationToken.None);

        Assert.Equal(
            [
                new("any-failure", DemoTruth.Prevalence, 0.1234567890123),
                new("hallucination", DemoTruth.Prevalence, 0),
                new("pii-leak", DemoTruth.FalseNegativeRate, 0.25),
                new DemoTruth("pii-leak", DemoTruth.Recall, 0.75),
            ],
            await Store.DemoTruthAsync(CancellationToken.None));

        await Store.SaveDemoTruthAsync([new("pii-leak", DemoTruth.Recall, 0.5)], CancellationToken.None);
        Assert.Equal([new DemoTruth("pii-leak", DemoTruth.Recall, 0.5)], await Store.DemoTruthAsync(CancellationToken.None));
    }
}
