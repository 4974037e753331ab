namespace Assay.Statistics.Estimators;

/// <summary>Positive and negative predictive value of a detector at a stated base rate.</summary>
public sealed record PredictiveValueEstimate(Estimate PositivePredictiveValue, Estimate NegativePredictiveValue, double BaseRate);
