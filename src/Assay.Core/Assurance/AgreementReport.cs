namespace Assay.Assurance;

/// <summary>Reviewer agreement over a window: overall, per taxonomy category and per reviewer pair.</summary>
/// <param name="Items">Items with two or more current labels: the only ones agreement is computed on.</param>
/// <param name="Reviewers">Distinct reviewers among those labels.</param>
/// <param name="Threshold">The policy's alpha threshold.</param>
/// <param name="MinimumItems">Items below which agreement is "insufficient data".</param>
/// <param name="Overall">Agreement on "any failure" against "no failure".</param>
/// <param name="Categories">One binary judgement per category, in ordinal order of category.</param>
/// <param name="Pairs">Every pair of reviewers who labelled at least one item in common.</param>
public sealed record AgreementReport(
    int Items,
    int Reviewers,
    double Threshold,
    int MinimumItems,
    AgreementMeasure Overall,
    IReadOnlyList<AgreementMeasure> Categories,
    IReadOnlyList<ReviewerPairAgreement> Pairs)
{
    /// <summary>Agreement on whole answers (category sets and severity); null when not computed.</summary>
    public AnswerAgreement? Answers { get; init; }

    /// <summary>The name of the overall judgement: any failure category ticked, or none.</summary>
    public const string AnyFailure = "any-failure";

    /// <summary>Whether the overall judgement is reliable: alpha at or above the threshold on enough items.</summary>
    public bool Reliable => Overall.Reliable;

    /// <summary>The agreement on <paramref name="category"/> (or <see cref="AnyFailure"/>); null when it was not measured.</summary>
    public AgreementMeasure? For(string category) =>
        category == AnyFailure ? Overall : Categories.FirstOrDefault(c => c.Category == category);

    /// <summary>The reliability mark of metrics built on labels of <paramref name="category"/>.</summary>
    public Reliability ReliabilityOf(string category) => For(category)?.Reliability ?? Reliability.Unmeasured(category);
}
