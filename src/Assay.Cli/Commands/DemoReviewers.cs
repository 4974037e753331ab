using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Review;
using Assay.Storage;

namespace Assay.Cli.Commands;

/// <summary>
/// Simulated reviewers for <c>assay demo</c>: three reviewers label the review queue and a lead adjudicates, over the
/// HTTP API with keys of their own, exactly as people would (blind review, audit entries and all).
/// </summary>
/// <remarks>
/// Each reviewer knows the demo's injected truth but errs: misses a true category with probability <see cref="Miss"/>
/// and adds a category that is not there with probability <see cref="Spurious"/>, so labels disagree as real ones do and
/// agreement, consensus and adjudication all have work. The lead is right with probability <see cref="LeadRight"/>.
/// Seeded, so a demo run is repeatable. The people the demo prints keys for (alice, bob, carol) get the tasks of the traffic that follows.
/// </remarks>
internal sealed class DemoReviewers : IDisposable
{
    public const double Miss = 0.08;

    public const double Spurious = 0.02;

    public const double LeadRight = 0.98;

    private static readonly string[] s_categories =
        ["hallucination", "deception", "manipulation", "unsafe-assistance", "over-refusal", "pii-leak", "prompt-injection", "reasoning-mismatch"];

    private readonly HttpClient[] _reviewers;
    private readonly HttpClient _lead;
    private readonly IReadOnlyDictionary<string, string[]> _truth;
    private readonly Random _random;

    private DemoReviewers(HttpClient[] reviewers, HttpClient lead, IReadOnlyDictionary<string, string[]> truth, int seed) =>
        (_reviewers, _lead, _truth, _random) = (reviewers, lead, truth, new Random(seed));

    public static async Task<DemoReviewers> CreateAsync(IReviewStore store, Uri address, IReadOnlyDictionary<string, string[]> truth, int seed, CancellationToken cancellationToken)
    {
        var reviewers = new HttpClient[3];
        for (var i = 0; i < reviewers.Length; i++)
            reviewers[i] = Client(address, await KeysCommand.IssueAsync(store, $"simulated-reviewer-{i + 1}", Role.Reviewer, ApiKey.AllProjects, cancellationToken));
        var lead = Client(address, await KeysCommand.IssueAsync(store, "simulated-lead", Role.Lead, ApiKey.AllProjects, cancellationToken));
        return new DemoReviewers(reviewers, lead, truth, seed);
    }

    /// <summary>
    /// Gives every open task as many labels as it needs, then has the lead settle every disagreement; returns the labels
    /// and decisions given. All of them: a task selected for review but left unlabelled would bias the estimates (they
    /// weight each reviewed item by its chance of selection, not of being labelled; docs/ASSURANCE.md).
    /// </summary>
    public async Task<(int Labels, int Adjudications)> WorkAsync(CancellationToken cancellationToken)
    {
        var labels = 0;
        string? cursor = null;
        // Bounded: a page holds 1,000 tasks and the demo at most 10 million interactions.
        for (var page = 0; page < 10_000; page++)
        {
            using var listed = await _lead.GetAsync(new Uri("v1/review/tasks?state=open&limit=1000" + (cursor is null ? "" : $"&cursor={cursor}"), UriKind.Relative), cancellationToken);
            listed.EnsureSuccessStatusCode();
            var body = JsonNode.Parse(await listed.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var task in body["tasks"]!.AsArray())
            {
                var id = (long)task!["task_id"]!;
                var truth = _truth.GetValueOrDefault((string)task["interaction_id"]!) ?? [];
                var needed = (int)task["required_labels"]! - (int)task["label_count"]!;
                foreach (var reviewer in _reviewers.Take(needed))
                {
                    using var posted = await reviewer.PostAsync(new Uri($"v1/review/tasks/{id}/labels", UriKind.Relative), Body(Judge(truth)), cancellationToken);
                    if (posted.IsSuccessStatusCode)
                        labels++;
                }
            }

            cursor = (string?)body["next"];
            if (cursor is null)
                break;
        }

        var adjudications = 0;
        for (var i = 0; i < 1_000_000; i++)
        {
            using var next = await _lead.GetAsync(new Uri("v1/review/adjudications/next", UriKind.Relative), cancellationToken);
            if (next.StatusCode != HttpStatusCode.OK)
                break;
            var item = JsonNode.Parse(await next.Content.ReadAsStringAsync(cancellationToken))!["task"]!;
            var truth = Truth(item["interaction"]!);
            var verdict = _random.NextDouble() < LeadRight ? truth : Judge(truth);
            using var posted = await _lead.PostAsync(new Uri($"v1/review/tasks/{(long)item["task_id"]!}/adjudication", UriKind.Relative), Body(verdict), cancellationToken);
            if (!posted.IsSuccessStatusCode)
                break;
            adjudications++;
        }

        return (labels, adjudications);
    }

    private string[] Truth(JsonNode interaction) => _truth.GetValueOrDefault((string)interaction["id"]!) ?? [];

    /// <summary>What one fallible reviewer says: each true category kept unless missed, and now and then one that is not there.</summary>
    private string[] Judge(string[] truth)
    {
        var said = truth.Where(_ => _random.NextDouble() >= Miss).ToList();
        if (_random.NextDouble() < Spurious)
            said.Add(s_categories[_random.Next(s_categories.Length)]);
        return [.. said.Distinct(StringComparer.Ordinal)];
    }

    private static StringContent Body(string[] categories) => new(categories.Length == 0
        ? """{"no_failure": true}"""
        : JsonSerializer.Serialize(new { categories, severity = "medium" }), Encoding.UTF8, "application/json");

    private static HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public void Dispose()
    {
        foreach (var reviewer in _reviewers)
            reviewer.Dispose();
        _lead.Dispose();
    }
}
