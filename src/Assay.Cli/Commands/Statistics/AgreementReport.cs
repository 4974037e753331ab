using Assay.Statistics;
using Assay.Statistics.Agreement;

namespace Assay.Cli.Commands.Statistics;

/// <summary>Every agreement statistic of one ratings file; null where a statistic does not apply.</summary>
internal sealed record AgreementReport(
    MeasurementLevel Level,
    int Items,
    int Raters,
    int PairableValues,
    Estimate KrippendorffAlpha,
    Estimate? CohenKappa,
    Estimate FleissKappa,
    Estimate? ScottsPi,
    Estimate GwetAc1,
    Estimate PercentAgreement,
    IReadOnlyList<(string Category, Estimate Kappa)> FleissKappaByCategory)
{
    /// <summary>Computes the report. Kappa, pi, AC1 and percent agreement treat values as categories whatever the level.</summary>
    /// <remarks>Cohen's kappa is weighted by level: none for nominal, linear for ordinal, quadratic for interval and ratio.</remarks>
    public static AgreementReport Compute(RatingMatrix ratings, IReadOnlyList<string> categoryNames, MeasurementLevel level, BootstrapOptions options)
    {
        var fleiss = Assay.Statistics.Agreement.FleissKappa.Compute(ratings, options);
        var twoRaters = ratings.Raters == 2;
        var weighting = level switch
        {
            MeasurementLevel.Nominal => KappaWeighting.None,
            MeasurementLevel.Ordinal => KappaWeighting.Linear,
            _ => KappaWeighting.Quadratic,
        };

        return new AgreementReport(
            level,
            ratings.Units,
            ratings.Raters,
            Assay.Statistics.Agreement.KrippendorffAlpha.PairableValues(ratings),
            Assay.Statistics.Agreement.KrippendorffAlpha.Compute(ratings, level, options),
            twoRaters ? Assay.Statistics.Agreement.CohenKappa.Compute(ratings, weighting, options.Confidence) : null,
            fleiss.Overall,
            twoRaters ? Assay.Statistics.Agreement.ScottsPi.Compute(ratings, options) : null,
            Assay.Statistics.Agreement.GwetAc1.Compute(ratings, options),
            Assay.Statistics.Agreement.PercentAgreement.Compute(ratings, options),
            [.. fleiss.PerCategory.Select((c, i) => (categoryNames[i], c.Agreement))]);
    }

    /// <summary>The statistics in output order, with their JSON keys and display names.</summary>
    public IEnumerable<(string Key, string Name, Estimate? Estimate)> Statistics()
    {
        yield return ("krippendorff_alpha", $"Krippendorff's alpha ({Level.ToString().ToLowerInvariant()})", KrippendorffAlpha);
        yield return ("cohen_kappa", "Cohen's kappa", CohenKappa);
        yield return ("fleiss_kappa", "Fleiss' kappa", FleissKappa);
        yield return ("scotts_pi", "Scott's pi", ScottsPi);
        yield return ("gwet_ac1", "Gwet's AC1", GwetAc1);
        yield return ("percent_agreement", "Percent agreement", PercentAgreement);
    }
}
