using Assay.Statistics.ChangeDetection;

namespace Assay.Statistics.Tests.ChangeDetection;

public sealed class ChangeDetectorTests
{
    [Fact]
    public void Cusum_stepUpInFlagRate_alarmsSoonAfterTheStep()
    {
        // Daily flag rates around 2 % (σ = 0.5 %), then a shift to 3.5 % (3σ) from day 200.
        var random = new Random(11);
        var series = Enumerable.Range(0, 300).Select(i => (i < 200 ? 0.02 : 0.035) + (Gaussian(random) * 0.005)).ToArray();

        var alarms = Cusum.Detect(series, new CusumOptions(Target: 0.02, Sigma: 0.005));

        // A 3σ shift is caught in about 2 observations on average (Montgomery, table 9.4); allow 15.
        var first = alarms.First(a => a.Index >= 200);
        Assert.InRange(first.Index, 200, 215);
        Assert.Equal(ChangeDirection.Increase, first.Direction);

        // After the shift the chart keeps alarming as it restarts; before it, the in-control ARL of ~465 allows at most a stray one.
        Assert.True(alarms.Count(a => a.Index < 200) <= 1, string.Join(",", alarms.Select(a => a.Index)));
    }

    [Fact]
    public void Cusum_constantInControlStream_neverAlarms()
    {
        var alarms = Cusum.Detect(Enumerable.Repeat(0.02, 10_000).ToArray(), new CusumOptions(0.02, 0.005));

        Assert.Empty(alarms);
    }

    [Fact]
    public void Cusum_byHand_accumulatesExcessOverSlack()
    {
        var cusum = new Cusum(new CusumOptions(Target: 10, Sigma: 1, Slack: 0.5, Threshold: 2));

        Assert.Null(cusum.Add(11.5));            // S⁺ = 1
        Assert.Equal(1, cusum.Upper, 1e-12);
        var alarm = cusum.Add(11.6);             // S⁺ = 2.1 > 2
        Assert.NotNull(alarm);
        Assert.Equal(1, alarm.Index);
        Assert.Equal(2.1, alarm.Statistic, 1e-12);
        Assert.Equal(0, cusum.Upper);
    }

    [Fact]
    public void PageHinkley_dropInSelfAgreement_alarmsAsDecrease()
    {
        var random = new Random(4);
        var series = Enumerable.Range(0, 400).Select(i => (i < 250 ? 0.9 : 0.7) + (Gaussian(random) * 0.03)).ToArray();

        var alarms = PageHinkley.Detect(series, new PageHinkleyOptions(Delta: 0.01, Lambda: 1));

        var alarm = Assert.Single(alarms);
        Assert.Equal(ChangeDirection.Decrease, alarm.Direction);
        Assert.InRange(alarm.Index, 250, 270);
    }

    [Fact]
    public void PageHinkley_stationaryNoise_staysQuiet()
    {
        var random = new Random(9);
        var series = Enumerable.Range(0, 5000).Select(_ => 0.9 + (Gaussian(random) * 0.03)).ToArray();

        Assert.Empty(PageHinkley.Detect(series, new PageHinkleyOptions(Delta: 0.01, Lambda: 1)));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
