using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>How often two reviewers gave the same verdict (the same set of categories) on the items both labelled.</summary>
/// <param name="ReviewerA">The first reviewer, in ordinal order.</param>
/// <param name="ReviewerB">The second reviewer.</param>
/// <param name="Items">Items both labelled.</param>
/// <param name="ObservedAgreement">Share of those items on which their category sets were equal.</param>
/// <param name="Kappa">Cohen's kappa on the category set as one nominal value, with the Fleiss–Cohen–Everitt interval.</param>
public sealed record ReviewerPairAgreement(string ReviewerA, string ReviewerB, int Items, double ObservedAgreement, Estimate Kappa);
