namespace Assay.Validation;

/// <summary>A HaluEval general query, ChatGPT's answer and the human hallucination judgement; <paramref name="Line"/> is the stable key.</summary>
internal sealed record HaluEvalItem(int Line, string Query, string Response, bool Hallucinated);
