namespace Assay.Statistics.Agreement;

/// <summary>An agreement coefficient restricted to one category (the category against all others).</summary>
public sealed record CategoryAgreement(double Category, Estimate Agreement);
