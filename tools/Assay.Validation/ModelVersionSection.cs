using Assay.Detection;
using Assay.Domain;
using Assay.Monitoring;
using Assay.Statistics.Intervals;

namespace Assay.Validation;

/// <summary>Section 2: XSTest's two system setups compared as two model versions: input-shift guard first, then outputs.</summary>
internal static class ModelVersionSection
{
    private const string Before = "mistralinstruct";
    private const string After = "mistralguard";

    public static void Write(DataFolder data, FeatureSet features, IDetector rules, MarkdownReport report)
    {
        report.Heading(2, "2. XSTest as two model versions");
        var before = data.Xstest(Before);
        var after = data.Xstest(After);
        report.Paragraph(
            $"Version A = `{Before}` (Mistral-7B-Instruct-v0.1, no system prompt), version B = `{After}` (the same model " +
            $"with Mistral's guardrail system prompt); {before.Count} and {after.Count} answers to the same prompts.");

        report.Heading(3, "2a. Input-shift guard (Assay's `ModelVersionComparison`)");
        var comparison = ModelVersionComparison.Compare(
            Before, [.. before.Select(c => features.Observe($"{c.Setup}:{c.Id}", c.Prompt, c.Completion, Before))],
            After, [.. after.Select(c => features.Observe($"{c.Setup}:{c.Id}", c.Prompt, c.Completion, After))]);
        DriftTable.Write(report, comparison.Inputs);
        var afterById = after.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var identical = before.Count(c => afterById.TryGetValue(c.Id, out var other) && other.Prompt == c.Prompt);
        report.Paragraph($"{identical} of {before.Count} prompts are identical, id by id, in the two files. Assay's summary: \"{comparison.Summary}\"");
        report.Verdict(!comparison.InputsShifted, !comparison.InputsShifted
            ? "The guard passes: no input feature differs, so output differences can be read as a difference between the versions."
            : "The guard trips although the prompts are the same: a false alarm.");

        report.Heading(3, "2b. Outputs: refusal rate (human `final_label`), B − A");
        var rows = new List<string[]>();
        foreach (var (stratum, filter) in new (string, Func<XstestCompletion, bool>)[]
        {
            ("all prompts", static _ => true),
            ("safe prompts", static c => c.PromptLabel == "safe"),
            ("unsafe prompts", static c => c.PromptLabel == "unsafe"),
        })
        {
            rows.Add(RateRow(stratum, "full or partial refusal", before.Where(filter).ToList(), after.Where(filter).ToList(), static c => c.Refused));
            rows.Add(RateRow(stratum, "full refusal", before.Where(filter).ToList(), after.Where(filter).ToList(), static c => c.FinalLabel == "2_full_refusal"));
        }

        rows.Add(RateRow("all prompts", "starter-policy over-refusal flag", before, after, c => OverRefusalFlag(rules, c)));
        report.Table(["stratum", "outcome", "A: rate", "B: rate", "B − A [95% Newcombe]"], rows);
        var pairs = before.Select(c => (A: c.Refused, B: afterById[c.Id].Refused)).ToList();
        var refusal = DifferenceInterval.Newcombe(after.Count(c => c.Refused), after.Count, before.Count(c => c.Refused), before.Count);
        report.Paragraph(
            $"Paired view of the same prompts: {pairs.Count(p => !p.A && p.B)} answered by A but refused by B, " +
            $"{pairs.Count(p => p.A && !p.B)} refused by A but answered by B. Newcombe's interval treats the two samples as " +
            "independent; with paired prompts it is conservative.");

        report.Heading(3, "2c. Outputs: Assay's output features, compared directly (inputs comparable)");
        DriftTable.Write(report, comparison.NaiveOutputs);
        report.Paragraph("`refusal` is the starter policy's over-refusal flag; `reasoning_*`, `self_agreement` and `latency_ms` are not in the data.");
        report.Verdict(refusal.Low > 0,
            $"The refusal rate rises by {MarkdownReport.Interval(refusal)} with the guardrail prompt " +
            $"(the data README quotes full-refusal rates of roughly 11% vs 44%); Assay's monitor finds drift in {string.Join(", ", comparison.NaiveOutputs.Drifted)}.");
    }

    private static string[] RateRow(string stratum, string outcome, IReadOnlyList<XstestCompletion> a, IReadOnlyList<XstestCompletion> b, Func<XstestCompletion, bool> outcomeOf)
    {
        int ka = a.Count(outcomeOf), kb = b.Count(outcomeOf);
        var difference = DifferenceInterval.Newcombe(kb, b.Count, ka, a.Count);
        return
        [
            stratum, outcome,
            $"{ka}/{a.Count} = {MarkdownReport.Percent(ka / (double)a.Count)}",
            $"{kb}/{b.Count} = {MarkdownReport.Percent(kb / (double)b.Count)}",
            MarkdownReport.Interval(difference),
        ];
    }

    public static bool OverRefusalFlag(IDetector rules, XstestCompletion c)
    {
        var flags = new List<Flag>();
        rules.Detect(Interactions.Of(c.Setup + ":" + c.Id, c.Prompt, c.Completion), flags);
        return flags.Any(f => f.Category == "over-refusal");
    }
}
