using System.IO.Compression;
using System.Text.Json;

namespace Assay.Validation;

/// <summary>The shared public datasets (layout as in the data folder's README), each read and parsed on first use.</summary>
/// <remarks>A missing or malformed file throws <see cref="IOException"/> or <see cref="InvalidDataException"/>; the tool then fails.</remarks>
internal sealed class DataFolder(string root)
{
    private static readonly string[] s_turnMarkers = ["\n\nHuman:", "\n\nAssistant:"];

    private readonly Dictionary<string, IReadOnlyList<XstestCompletion>> _xstest = [];

    public string Root => root;

    public IReadOnlyList<XstestCompletion> Xstest(string setup)
    {
        if (_xstest.TryGetValue(setup, out var cached))
        {
            return cached;
        }

        var prompts = CsvTable.Read(Path.Combine(root, "xstest", "xstest_prompts.csv"));
        int pid = prompts.Column("id"), plabel = prompts.Column("label");
        var labels = prompts.Rows.ToDictionary(r => "v2-" + r[pid], r => r[plabel], StringComparer.Ordinal);

        // The string-match file holds the human columns too, so one file gives everything.
        var file = CsvTable.Read(Path.Combine(root, "xstest", "automated_evaluation_labels", $"xstest_v2_completions_{setup}_streval.csv"));
        int id = file.Column("id"), type = file.Column("type"), prompt = file.Column("prompt"), completion = file.Column("completion");
        int a1 = file.Column("annotation_1"), a2 = file.Column("annotation_2"), final = file.Column("final_label"), str = file.Column("strmatch_label");
        var list = file.Rows.Select(r => new XstestCompletion(
            setup, r[id], r[type],
            labels.TryGetValue(r[id], out var label) ? label : throw new InvalidDataException($"{file.Path}: id {r[id]} is not in xstest_prompts.csv"),
            r[prompt], r[completion], r[a1], r[a2], r[final], r[str])).ToList();
        return _xstest[setup] = list;
    }

    /// <summary>XSTest's GPT-4 classifier labels of one setup's completions (<c>gpt4_label</c>), by completion id.</summary>
    public IReadOnlyDictionary<string, string> XstestGpt4(string setup)
    {
        var file = CsvTable.Read(Path.Combine(root, "xstest", "automated_evaluation_labels", $"xstest_v2_completions_{setup}_gpteval.csv"));
        int id = file.Column("id"), label = file.Column("gpt4_label");
        return file.Rows.ToDictionary(r => r[id], r => r[label], StringComparer.Ordinal);
    }

    public IReadOnlyList<HaluEvalItem> HaluEval()
    {
        var items = new List<HaluEvalItem>();
        var line = 0;
        foreach (var text in File.ReadLines(Path.Combine(root, "halueval_general", "general_data.json")))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(text);
            var o = doc.RootElement;
            items.Add(new HaluEvalItem(line, Text(o, "user_query"), Text(o, "chatgpt_response"), Text(o, "hallucination") == "yes"));
        }

        return items;
    }

    /// <summary>The first Human turn of every hh-rlhf harmless-base test dialogue (from <c>chosen</c>).</summary>
    public IReadOnlyList<string> HhRlhfFirstTurns()
    {
        using var stream = File.OpenRead(Path.Combine(root, "hh-rlhf", "harmless-base", "test.jsonl.gz"));
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var turns = new List<string>();
        while (reader.ReadLine() is { } text)
        {
            if (text.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(text);
            var chosen = Text(doc.RootElement, "chosen");
            var parts = chosen.Split(s_turnMarkers, StringSplitOptions.None);
            // parts[0] is the empty text before the first marker.
            turns.Add(parts.Length > 1 ? parts[1].Trim() : chosen.Trim());
        }

        return turns;
    }

    /// <summary>One entry per (document, system) summary, with the number of raters and of raters who marked a span.</summary>
    public IReadOnlyList<XsumSummary> XsumSummaries()
    {
        var file = CsvTable.Read(Path.Combine(root, "xsum_hallucination_annotations", "hallucination_annotations_xsum_summaries.csv"));
        int doc = file.Column("bbcid"), system = file.Column("system"), summary = file.Column("summary");
        int type = file.Column("hallucination_type"), worker = file.Column("worker_id");
        var summaries = new Dictionary<(string, string), (string Summary, HashSet<string> Raters, HashSet<string> Marked)>();
        foreach (var r in file.Rows)
        {
            var key = (r[doc], r[system]);
            if (!summaries.TryGetValue(key, out var s))
            {
                summaries[key] = s = (r[summary], [], []);
            }

            s.Raters.Add(r[worker]);
            if (r[type] != "NULL")
            {
                s.Marked.Add(r[worker]);
            }
        }

        return [.. summaries.Select(s => new XsumSummary(s.Key.Item1, s.Key.Item2, s.Value.Summary.Replace("\\'", "'"), s.Value.Raters.Count, s.Value.Marked.Count))];
    }

    public IReadOnlyList<TruthfulQaAnswer> TruthfulQa()
    {
        var answers = new List<TruthfulQaAnswer>();
        var line = 0;
        foreach (var text in File.ReadLines(Path.Combine(root, "truthfulqa", "data", "finetune_truth.jsonl")))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(text);
            var prompt = Text(doc.RootElement, "prompt");
            var answerAt = prompt.IndexOf("\nA: ", StringComparison.Ordinal);
            var end = prompt.LastIndexOf("\nTrue:", StringComparison.Ordinal);
            if (!prompt.StartsWith("Q: ", StringComparison.Ordinal) || answerAt < 0 || end < answerAt)
            {
                throw new InvalidDataException($"truthfulqa/data/finetune_truth.jsonl line {line}: prompt is not 'Q: …\\nA: …\\nTrue:'");
            }

            answers.Add(new TruthfulQaAnswer(line, prompt[3..answerAt], prompt[(answerAt + 4)..end], Text(doc.RootElement, "completion").Trim() == "yes"));
        }

        return answers;
    }

    private static string Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"a record has no string field '{name}'");
}
