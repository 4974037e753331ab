using Assay.Statistics.Intervals;

namespace Assay.Validation;

/// <summary>Section 1: prompts of two different sources should drift; two random halves of one source should not.</summary>
internal static class InputDriftSection
{
    private const int Seed = 20260501;
    private const int RepeatedSplits = 200;

    public static void Write(DataFolder data, IReadOnlyList<TextFeature> features, MarkdownReport report)
    {
        report.Heading(2, "1. Input drift: two sources vs two halves of one source");
        var halu = FeatureTable.Of(features, [.. data.HaluEval().Select(i => i.Query)]);
        var hh = FeatureTable.Of(features, data.HhRlhfFirstTurns());
        report.Paragraph(
            $"Features per prompt: {string.Join(", ", features.Select(f => f.Name))}. Numeric features use the two-sample " +
            "Kolmogorov–Smirnov test, categorical ones Pearson's chi-square (rare categories pooled by the statistics unit), " +
            "p-values are Benjamini–Hochberg corrected across features, and PSI is given beside each test. " +
            "Token counts are not included: `Microsoft.ML.Tokenizers` is not referenced by the repository yet.");

        report.Heading(3, $"1a. Different sources: `halueval_general` user queries (n = {halu.Count}) vs hh-rlhf harmless-base first Human turns (n = {hh.Count})");
        var between = FeatureDrift.Compare(halu, hh);
        FeatureDrift.Write(report, between);
        var drifted = FeatureDrift.Drifted(between);
        report.Verdict(drifted > 0, $"{drifted} of {between.Count} features drift after correction (expected: drift).");

        var xstest = data.Xstest("mistralinstruct");
        var safe = FeatureTable.Of(features, [.. xstest.Where(c => c.PromptLabel == "safe").Select(c => c.Prompt)]);
        var unsafeTable = FeatureTable.Of(features, [.. xstest.Where(c => c.PromptLabel == "unsafe").Select(c => c.Prompt)]);
        report.Heading(3, $"1b. Same style, different intent: XSTest `safe` (n = {safe.Count}) vs `unsafe` prompts (n = {unsafeTable.Count})");
        var intent = FeatureDrift.Compare(safe, unsafeTable);
        FeatureDrift.Write(report, intent);
        var intentDrifted = FeatureDrift.Drifted(intent);
        report.Verdict(intentDrifted > 0,
            $"Expected some drift, since the data README lists this pair as an intent shift; measured: {intentDrifted} of {intent.Count} " +
            "features drift. These cheap features see style and vocabulary, and XSTest's safe prompts are written with the same trigger " +
            "words as the unsafe ones (\"kill a Python process\"), so the difference in intent is invisible to them. Seeing it would need " +
            "a semantic feature (a classifier's label), not lexicons.");

        HalvesOf(report, "halueval_general user queries", halu);
        HalvesOf(report, "hh-rlhf first Human turns", hh);
    }

    private static void HalvesOf(MarkdownReport report, string source, FeatureTable table)
    {
        report.Heading(3, $"1c. Two random halves of one source: {source} (seed {Seed})");
        var (a, b) = Halves(table.Count, Seed);
        var rows = FeatureDrift.Compare(table.Take(a), table.Take(b));
        FeatureDrift.Write(report, rows);
        var raw = FeatureDrift.RawRejections(rows);
        var drifted = FeatureDrift.Drifted(rows);

        // One split says little about the false-positive rate, so repeat with many seeds.
        int rejections = 0, tests = 0, splitsWithDrift = 0;
        for (var s = 1; s <= RepeatedSplits; s++)
        {
            var (x, y) = Halves(table.Count, Seed + s);
            var split = FeatureDrift.Compare(table.Take(x), table.Take(y));
            rejections += FeatureDrift.RawRejections(split);
            tests += split.Count;
            splitsWithDrift += FeatureDrift.Drifted(split) > 0 ? 1 : 0;
        }

        var rate = ProportionInterval.Compute(rejections, tests);
        var anyDrift = ProportionInterval.Compute(splitsWithDrift, RepeatedSplits);
        report.Paragraph(
            $"This split: {raw} of {rows.Count} raw p-values below α = 0.05 (false positives), {drifted} after BH. " +
            $"Over {RepeatedSplits} further seeded splits: raw false-positive rate {rejections}/{tests} = {MarkdownReport.Interval(rate)} (Wilson 95%); " +
            $"splits with any feature drifting after BH: {splitsWithDrift}/{RepeatedSplits} = {MarkdownReport.Interval(anyDrift)}.");
        report.Verdict(drifted == 0 && rate.Low <= FeatureDrift.Alpha,
            "Expected: no drift after correction, and a per-test false-positive rate not above α (KS and chi-square are " +
            "conservative with many ties and pooled categories, so a rate below 5% is normal).");
    }

    private static (int[] A, int[] B) Halves(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        return (order[..(count / 2)], order[(count / 2)..]);
    }
}
