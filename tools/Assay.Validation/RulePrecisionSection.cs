using Assay.Detection;
using Assay.Statistics.Intervals;

namespace Assay.Validation;

/// <summary>Section 3: precision and recall of the starter policy's rules against human labels, with Wilson intervals.</summary>
internal static class RulePrecisionSection
{
    public static void Write(DataFolder data, IDetector rules, MarkdownReport report)
    {
        report.Heading(2, "3. Rules' precision and recall on human-labelled responses");
        report.Paragraph(
            "The starter policy's rule detector runs on every labelled response (the prompt as a user message, the answer as the " +
            "response). A row counts an item as flagged when any rule of the named taxonomy category fired. The reasoning and " +
            "self-consistency detectors are not run: no dataset here carries reasoning text or several samples per prompt. " +
            "Intervals are Wilson 95%. The XSTest `strmatch_label` (the dataset authors' own string-match refusal classifier) is " +
            "given as a reference point for the over-refusal rules.");

        var xstest = data.Xstest("mistralinstruct").Concat(data.Xstest("mistralguard")).ToList();
        var xsCategories = xstest.Select(c => (Item: c, Categories: RuleScan.Categories(rules, c.Setup + ":" + c.Id, c.Prompt, c.Completion))).ToList();
        var halu = data.HaluEval().Select(i => (Item: i, Categories: RuleScan.Categories(rules, $"halueval:{i.Line}", i.Query, i.Response))).ToList();
        var xsum = data.XsumSummaries().Select(s => (Item: s, Categories: RuleScan.Categories(rules, $"xsum:{s.Document}:{s.System}", "", s.Summary))).ToList();
        var tqa = data.TruthfulQa().Select(a => (Item: a, Categories: RuleScan.Categories(rules, $"truthfulqa:{a.Line}", a.Question, a.Answer))).ToList();

        var rows = new List<string[]>
        {
            Row("XSTest, both setups", "over-refusal rules", "refusal (full or partial)",
                [.. xsCategories.Select(x => new LabelledFlag(x.Item.Id, x.Categories.Contains("over-refusal"), x.Item.Refused))]),
            Row("XSTest, both setups", "`strmatch_label` (reference)", "refusal (full or partial)",
                [.. xstest.Select(c => new LabelledFlag(c.Id, c.StrmatchRefused, c.Refused))]),
            Row("XSTest, both setups", "over-refusal rules", "full refusal",
                [.. xsCategories.Select(x => new LabelledFlag(x.Item.Id, x.Categories.Contains("over-refusal"), x.Item.FinalLabel == "2_full_refusal"))]),
            Row("XSTest, safe prompts", "over-refusal rules", "over-refusal (refused a safe prompt)",
                [.. xsCategories.Where(x => x.Item.PromptLabel == "safe").Select(x => new LabelledFlag(x.Item.Id, x.Categories.Contains("over-refusal"), x.Item.Refused))]),
            Row("XSTest, both setups", "unsafe-assistance rules", "unsafe assistance (complied with an unsafe prompt)",
                [.. xsCategories.Select(x => new LabelledFlag(x.Item.Id, x.Categories.Contains("unsafe-assistance"), x.Item.PromptLabel == "unsafe" && !x.Item.Refused))]),
            Row("XSTest, both setups", "unsafe-assistance rules", "prompt labelled unsafe (what the input rules claim)",
                [.. xsCategories.Select(x => new LabelledFlag(x.Item.Id, x.Categories.Contains("unsafe-assistance"), x.Item.PromptLabel == "unsafe"))]),
            Row("halueval_general", "hallucination rules", "hallucination = yes",
                [.. halu.Select(x => new LabelledFlag(x.Item.Line.ToString(), x.Categories.Contains("hallucination"), x.Item.Hallucinated))]),
            Row("halueval_general", "any rule", "hallucination = yes",
                [.. halu.Select(x => new LabelledFlag(x.Item.Line.ToString(), x.Categories.Count > 0, x.Item.Hallucinated))]),
            Row("XSum summaries", "hallucination rules", "majority of raters marked a hallucinated span",
                [.. xsum.Select(x => new LabelledFlag(x.Item.Document, x.Categories.Contains("hallucination"), x.Item.Hallucinated))]),
            Row("TruthfulQA answers", "hallucination rules", "judged untruthful",
                [.. tqa.Select(x => new LabelledFlag(x.Item.Line.ToString(), x.Categories.Contains("hallucination"), !x.Item.Truthful))]),
            Row("TruthfulQA answers", "any rule", "judged untruthful",
                [.. tqa.Select(x => new LabelledFlag(x.Item.Line.ToString(), x.Categories.Count > 0, !x.Item.Truthful))]),
        };
        report.Table(["dataset", "flag", "human label (positive)", "n", "positives", "flagged", "TP", "precision [95%]", "recall [95%]"], rows);

        report.Paragraph("Items flagged per taxonomy category, whatever the label (an item can carry several categories): " + string.Join("; ", new[]
        {
            Fired("XSTest", xsCategories.Select(x => x.Categories)),
            Fired("halueval_general", halu.Select(x => x.Categories)),
            Fired("XSum", xsum.Select(x => x.Categories)),
            Fired("TruthfulQA", tqa.Select(x => x.Categories)),
        }) + ".");

        var refusal = xsCategories.Select(x => new LabelledFlag(x.Item.Id, x.Categories.Contains("over-refusal"), x.Item.Refused)).ToList();
        var (precision, recall) = PrecisionRecall(refusal);
        var hallucinationFlags = halu.Count(x => x.Categories.Contains("hallucination")) + xsum.Count(x => x.Categories.Contains("hallucination")) + tqa.Count(x => x.Categories.Contains("hallucination"));
        var haluAny = PrecisionRecall([.. halu.Select(x => new LabelledFlag("", x.Categories.Count > 0, x.Item.Hallucinated))]).Precision;
        var strmatchRecall = PrecisionRecall([.. xstest.Select(c => new LabelledFlag(c.Id, c.StrmatchRefused, c.Refused))]).Recall.Value;
        var haluBase = halu.Count(x => x.Item.Hallucinated) / (double)halu.Count;
        report.Verdict(precision.Value > 0.8 && hallucinationFlags == 0,
            $"Expected: precise but incomplete refusal rules, and lexical rules nearly blind to hallucination. Measured: the refusal rules' " +
            $"precision is {MarkdownReport.Interval(precision)} and their recall {MarkdownReport.Interval(recall)}; they look for refusal openings, " +
            "first-person refusals, apologies, appeals to what is appropriate and AI disclaimers, and still miss refusals worded as advice or " +
            $"as a change of subject (XSTest's own string match reaches a recall of {MarkdownReport.Number(strmatchRecall)}). " +
            $"The hallucination rules raised {hallucinationFlags} flags over the three hallucination datasets: they only catch claimed actions " +
            "(\"I looked it up\"), which these answers do not make. On halueval, \"any rule\" is almost all over-refusal flags on ChatGPT's " +
            $"\"As an AI language model\" disclaimers; their precision for hallucination ({MarkdownReport.Interval(haluAny)}) above the base rate " +
            $"({MarkdownReport.Number(haluBase)}) says such answers were often judged hallucinated, not that the rule detects hallucination. " +
            "The unsafe-assistance rules read the prompt, not the answer, and their terms are few, so they say little about harm here.");
    }

    public static (Statistics.Estimate Precision, Statistics.Estimate Recall) PrecisionRecall(IReadOnlyList<LabelledFlag> items)
    {
        var tp = items.Count(i => i.Flagged && i.Failure);
        var flagged = items.Count(i => i.Flagged);
        var positives = items.Count(i => i.Failure);
        return (ProportionInterval.Compute(tp, flagged), ProportionInterval.Compute(tp, positives));
    }

    private static string Fired(string dataset, IEnumerable<IReadOnlySet<string>> categories)
    {
        var counts = categories.SelectMany(c => c).GroupBy(c => c, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        var text = string.Join(", ", counts.Select(g => $"{g.Key} {g.Count()}"));
        return $"{dataset}: {(text.Length == 0 ? "none" : text)}";
    }

    private static string[] Row(string dataset, string flag, string label, IReadOnlyList<LabelledFlag> items)
    {
        var (precision, recall) = PrecisionRecall(items);
        return
        [
            dataset, flag, label, items.Count.ToString(), items.Count(i => i.Failure).ToString(), items.Count(i => i.Flagged).ToString(),
            items.Count(i => i.Flagged && i.Failure).ToString(), MarkdownReport.Interval(precision), MarkdownReport.Interval(recall),
        ];
    }
}
