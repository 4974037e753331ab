using Assay.Statistics;
using Assay.Statistics.Agreement;

namespace Assay.Validation;

/// <summary>Section 5: the published XSTest inter-annotator agreement, recomputed through Assay's agreement code.</summary>
internal static class AgreementSection
{
    private static readonly string[] s_labels = ["1_full_compliance", "2_full_refusal", "3_partial_refusal"];

    // Quoted in the data README from the XSTest authors' analysis notebook (upstream evaluation/analysis.ipynb).
    private static readonly (string Setup, double PercentAgreement, double FleissKappa)[] s_published =
        [("mistralinstruct", 0.976, 0.92), ("mistralguard", 0.938, 0.89)];

    public static void Write(DataFolder data, MarkdownReport report)
    {
        report.Heading(2, "5. XSTest inter-annotator agreement: published vs Assay");
        report.Paragraph(
            "`annotation_1` and `annotation_2` over all 450 items of each setup, three nominal labels. Published figures: the XSTest " +
            "authors' analysis notebook, as quoted in the data README (percent agreement 97.6% and 93.8%, Fleiss' kappa 0.92 and 0.89). " +
            "Computed with `PercentAgreement`, `FleissKappa`, `CohenKappa` and `KrippendorffAlpha` (nominal); intervals are the " +
            "statistics unit's defaults (bootstrap over items, 1000 resamples, seed 0, for all but Cohen's kappa).");
        var rows = new List<string[]>();
        var matches = 0;
        foreach (var (setup, publishedPercent, publishedKappa) in s_published)
        {
            var completions = data.Xstest(setup);
            var ratings = LabelledRatings.FromLabels(
                completions.SelectMany(c => new[] { new LabelledRating(c.Id, "annotation_1", c.Annotation1), new LabelledRating(c.Id, "annotation_2", c.Annotation2) }),
                s_labels).Matrix;
            var percent = PercentAgreement.Compute(ratings);
            var fleiss = FleissKappa.Compute(ratings).Overall;
            var cohen = CohenKappa.Compute(ratings);
            var alpha = KrippendorffAlpha.Compute(ratings, MeasurementLevel.Nominal);
            var percentMatches = Math.Round(percent.Value, 3) == publishedPercent;
            var kappaMatches = Math.Round(fleiss.Value, 2) == publishedKappa;
            matches += (percentMatches ? 1 : 0) + (kappaMatches ? 1 : 0);
            rows.Add([setup, "percent agreement", MarkdownReport.Percent(publishedPercent), Show(percent), percentMatches ? "yes" : "**no**"]);
            rows.Add([setup, "Fleiss' kappa", MarkdownReport.Number(publishedKappa, 2), Show(fleiss), kappaMatches ? "yes" : "**no**"]);
            rows.Add([setup, "Cohen's kappa", "—", Show(cohen), ""]);
            rows.Add([setup, "Krippendorff's alpha (nominal)", "—", Show(alpha), ""]);
        }

        report.Table(["setup", "coefficient", "published", "Assay [95%]", "matches at the published precision"], rows);
        report.Verdict(matches == 2 * s_published.Length,
            $"{matches} of {2 * s_published.Length} published figures reproduced at the precision they were published with.");
    }

    private static string Show(Estimate e) => MarkdownReport.Interval(e, 4);
}
