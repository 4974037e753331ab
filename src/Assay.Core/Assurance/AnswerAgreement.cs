using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>
/// Agreement on reviewers' whole answers, beside the per-category reductions: a reviewer gives a set of categories and
/// a severity, and these measure agreement on exactly that.
/// </summary>
/// <param name="Masi">Krippendorff's alpha with the MASI set distance (Passonneau 2006): one reviewer seeing more than another is a partial disagreement.</param>
/// <param name="Jaccard">Alpha with the Jaccard set distance: disagreement is the share of categories not in common.</param>
/// <param name="Exact">Alpha with each distinct set as one class (multi-class nominal): only identical answers agree.</param>
/// <param name="Severity">Ordinal alpha on severity, none &lt; low &lt; medium &lt; high &lt; critical ("no failure" is none).</param>
public sealed record AnswerAgreement(Estimate Masi, Estimate Jaccard, Estimate Exact, Estimate Severity);
