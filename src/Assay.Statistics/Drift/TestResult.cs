namespace Assay.Statistics.Drift;

/// <summary>The outcome of a two-sample test: which test, its statistic and p-value, and any caveat.</summary>
/// <param name="Test">Short name, e.g. <c>ks</c>, <c>chi-square</c>, <c>g-test</c>.</param>
/// <param name="Statistic">The test statistic (D for KS, X² or G for the contingency tests).</param>
/// <param name="PValue">Probability under "no shift" of a statistic at least this large.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom for contingency tests; 0 otherwise.</param>
/// <param name="Note">How the p-value was obtained or what was done to the data (pooling, ties), when it matters.</param>
public sealed record TestResult(string Test, double Statistic, double PValue, int DegreesOfFreedom = 0, string? Note = null);
