using Assay.Assurance;
using Assay.Demo;
using Assay.Review;
using Assay.Routing;

namespace Assay.Core.Tests.Assurance;

public sealed class DemoSimulationTests
{
    private const int Interactions = 20_000;

    [Theory]
    [InlineData(AgreementReport.AnyFailure)]
    [InlineData("over-refusal")]
    public void Compute_demo_traffic_prevalence_interval_covers_the_injected_rate(string category)
    {
        var (items, population, truth) = Simulate(seed: 11, errorRate: 0.02);

        var report = AssuranceMetrics.Compute(items, population, ReviewPolicy.Default, Some.Fast);

        var prevalence = category == AgreementReport.AnyFailure
            ? report.OverallPrevalence
            : report.Prevalence.Single(p => p.Category == category);
        var injected = truth.Count(t => category == AgreementReport.AnyFailure ? t.Length > 0 : t.Contains(category)) / (double)Interactions;
        Assert.InRange(injected, prevalence.Prevalence.Low, prevalence.Prevalence.High);
        Assert.Equal(Interactions, report.Population);
        Assert.True(report.Agreement.Reliable);
    }

    /// <summary>
    /// Routes demo traffic with no detectors (so every reviewed item is audited or critical); two reviewers label the
    /// injected truth, each dropping or inventing a category with probability <paramref name="errorRate"/>; a lead
    /// adjudicates disagreements with the injected truth.
    /// </summary>
    private static (List<ReviewedItem> Items, PopulationCounts Population, List<string[]> Truth) Simulate(int seed, double errorRate)
    {
        var traffic = new DemoTraffic(seed, Some.Start);
        var router = new Router(RoutingPolicy.Default);
        var random = new Random(seed);
        var byTier = Enum.GetValues<Tier>().ToDictionary(t => t, _ => 0L);
        var items = new List<ReviewedItem>();
        var truth = new List<string[]>();
        for (var i = 0; i < Interactions; i++)
        {
            var interaction = traffic.Next();
            var injected = interaction.Metadata.Tags.TryGetValue("injected", out var tags) ? tags.Split(',') : [];
            truth.Add(injected);
            var decision = router.Route(interaction, []);
            byTier[decision.Tier]++;
            if (!decision.Selected)
                continue;
            Label Review(string reviewer)
            {
                var seen = injected.ToList();
                if (random.NextDouble() < errorRate)
                {
                    if (seen.Count > 0)
                        seen.RemoveAt(0);
                    else
                        seen.Add("hallucination");
                }

                return Some.Label(reviewer, [.. seen]);
            }

            var labels = new[] { Review("ann"), Review("bob") };
            var agreed = labels[0].Verdict.Categories.SetEquals(labels[1].Verdict.Categories);
            items.Add(new ReviewedItem(interaction.Id, interaction.Timestamp ?? Some.Start, decision.Tier, decision.InclusionProbability, [],
                labels, agreed ? null : Some.Verdict(injected)));
        }

        return (items, new PopulationCounts(byTier, new Dictionary<string, long>()), truth);
    }
}
