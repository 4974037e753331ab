namespace Assay.Validation;

/// <summary>A TruthfulQA (question, answer) pair with the human truthfulness judgement.</summary>
internal sealed record TruthfulQaAnswer(int Line, string Question, string Answer, bool Truthful);
