using Assay.Monitoring;
using Assay.Statistics.Intervals;

namespace Assay.Validation;

/// <summary>Section 1: prompts of two different sources should drift; two random halves of one source should not.</summary>
internal static class InputDriftSection
{
    private const int Seed = 20260501;
    private const int RepeatedSplits = 200;

    public static void Write(DataFolder data, FeatureSet features, MarkdownReport report)
    {
        report.Heading(2, "1. Input drift: two sources vs two halves of one source");
        var halu = data.HaluEval().Select(i => features.Observe($"halueval:{i.Line}", i.Query, "")).ToList();
        var hh = data.HhRlhfFirstTurns().Select((t, i) => features.Observe($"hh-rlhf:{i + 1}", t, "")).ToList();
        report.Paragraph(
            "Each prompt becomes an interaction (the prompt as the user message, no response), the starter policy's rules run on it, " +
            "and Assay's monitor computes its features (`InteractionFeatures.From`: characters, o200k_base tokens with " +
            "`Microsoft.ML.Tokenizers`, dominant script, topic lexicon, flag categories). The validation adds four prompt-text " +
            "features of its own (word count, question mark, a harm lexicon, a task-verb lexicon). Assay's drift monitor " +
            "(`DriftComparison.Compare`) then tests each feature: Kolmogorov–Smirnov for numbers, chi-square for categories " +
            "(rare categories pooled), Benjamini–Hochberg across features at α = 0.05, PSI and Jensen–Shannon beside each.");

        report.Heading(3, $"1a. Different sources: `halueval_general` user queries (n = {halu.Count}) vs hh-rlhf harmless-base first Human turns (n = {hh.Count})");
        var between = DriftComparison.Compare(halu, hh, features: features.Inputs);
        DriftTable.Write(report, between);
        report.Verdict(between.AnyDrift, $"{between.Drifted.Count} of {DriftTable.Tested(between)} features drift after correction (expected: drift).");

        var xstest = data.Xstest("mistralinstruct");
        var safe = xstest.Where(c => c.PromptLabel == "safe").Select(c => features.Observe($"xstest-prompt:{c.Id}", c.Prompt, "")).ToList();
        var unsafePrompts = xstest.Where(c => c.PromptLabel == "unsafe").Select(c => features.Observe($"xstest-prompt:{c.Id}", c.Prompt, "")).ToList();
        report.Heading(3, $"1b. Same style, different intent: XSTest `safe` (n = {safe.Count}) vs `unsafe` prompts (n = {unsafePrompts.Count})");
        var intent = DriftComparison.Compare(safe, unsafePrompts, features: features.Inputs);
        DriftTable.Write(report, intent);
        report.Verdict(intent.AnyDrift,
            $"Expected some drift, since the data README lists this pair as an intent shift; measured: {intent.Drifted.Count} of " +
            $"{DriftTable.Tested(intent)} features drift. These features see size, script, vocabulary and rule hits, and XSTest's safe " +
            "prompts are written with the same trigger words as the unsafe ones (\"kill a Python process\"), so the difference in " +
            "intent is mostly invisible to them. Seeing it would need a semantic feature (a classifier's label), not lexicons.");

        HalvesOf(report, "halueval_general user queries", halu, features);
        HalvesOf(report, "hh-rlhf first Human turns", hh, features);
    }

    private static void HalvesOf(MarkdownReport report, string source, List<InteractionFeatures> items, FeatureSet features)
    {
        report.Heading(3, $"1c. Two random halves of one source: {source} (seed {Seed})");
        var (a, b) = Halves(items, Seed);
        var drift = DriftComparison.Compare(a, b, features: features.Inputs);
        DriftTable.Write(report, drift);

        // One split says little about the false-positive rate, so repeat with many seeds.
        int rejections = 0, tests = 0, splitsWithDrift = 0;
        for (var s = 1; s <= RepeatedSplits; s++)
        {
            var (x, y) = Halves(items, Seed + s);
            var split = DriftComparison.Compare(x, y, features: features.Inputs);
            rejections += DriftTable.RawRejections(split);
            tests += DriftTable.Tested(split);
            splitsWithDrift += split.AnyDrift ? 1 : 0;
        }

        var rate = ProportionInterval.Compute(rejections, tests);
        var anyDrift = ProportionInterval.Compute(splitsWithDrift, RepeatedSplits);
        report.Paragraph(
            $"This split: {DriftTable.RawRejections(drift)} of {DriftTable.Tested(drift)} raw p-values below α = 0.05 (false positives), " +
            $"{drift.Drifted.Count} after BH. Over {RepeatedSplits} further seeded splits: raw false-positive rate {rejections}/{tests} = " +
            $"{MarkdownReport.Interval(rate)} (Wilson 95%); splits with any feature drifting after BH: {splitsWithDrift}/{RepeatedSplits} = " +
            $"{MarkdownReport.Interval(anyDrift)}.");
        report.Verdict(!drift.AnyDrift && rate.Low <= FalsePositiveAlpha,
            "Expected: no drift after correction, and a per-test false-positive rate not above α (KS and chi-square are " +
            "conservative with many ties and pooled categories, so a rate below 5% is normal).");
    }

    private const double FalsePositiveAlpha = 0.05;

    private static (List<InteractionFeatures> A, List<InteractionFeatures> B) Halves(List<InteractionFeatures> items, int seed)
    {
        var order = Enumerable.Range(0, items.Count).ToArray();
        new Random(seed).Shuffle(order);
        var half = items.Count / 2;
        return ([.. order[..half].Select(i => items[i])], [.. order[half..].Select(i => items[i])]);
    }
}
