using System.Text;
using Assay.Domain;
using Assay.Policy;
using Assay.Review;
using Assay.Routing;
using Assay.Server.Ui;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks.Ui;

/// <summary>Server-side rendering of the review page for a 20 KB interaction with evidence spans in every field.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ReviewPageBenchmarks
{
    private ReviewTask _task = null!;
    private PageFrame _frame = null!;
    private IReadOnlyList<FailureCategory> _taxonomy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var response = Text(random, 14_000);
        var reasoning = Text(random, 4_000);
        var user = Text(random, 2_000);
        var flags = new List<Flag>();
        for (var i = 0; i < 40; i++)
        {
            // Overlapping spans across all three fields, as several rules firing on the same passage produce.
            var start = random.Next(0, response.Length - 200);
            Evidence[] evidence =
            [
                new(TextField.Response, null, start, start + random.Next(5, 200), ""),
                new(TextField.Reasoning, null, i * 90, (i * 90) + 40, ""),
                new(TextField.Input, 1, i * 45, (i * 45) + 20, ""),
            ];
            flags.Add(new Flag($"rule-{i}", "hallucination", Severity.High, "bench", evidence, "A sentence a reviewer can read <with markup>."));
        }

        var interaction = new Interaction("bench-1", DateTimeOffset.UnixEpoch, "atlas", null,
            [new Message(MessageRole.System, "Be brief."), new Message(MessageRole.User, user)], response, reasoning, [], InteractionMetadata.Empty, null, null);
        _task = new ReviewTask(1, interaction, flags, Tier.Flagged, 0.5, "flagged", 2, 0, "open", DateTimeOffset.UnixEpoch);
        _taxonomy = StarterPolicy.Load().Taxonomy;
        _frame = new PageFrame("bm9uY2Vub25jZW5vbmNl", "alice", "reviewer", false, "__csrf", new string('t', 150));
    }

    [Benchmark]
    public int Render() => ReviewPage.Render(_frame, _task, _taxonomy).Length;

    /// <summary>Prose-like text with the characters HTML must encode (&lt; &gt; &amp; quotes) and some non-Latin.</summary>
    private static string Text(Random random, int length)
    {
        string[] words = ["the", "model", "said", "<script>", "a&b", "\"quoted\"", "it's", "données", "数据", "42", "answer", "because"];
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
            text.Append(words[random.Next(words.Length)]).Append(random.Next(12) == 0 ? '\n' : ' ');
        return text.ToString(0, length);
    }
}
