using Assay.Judging;

namespace Assay.Server.Judging;

/// <summary>What one judge request came back with.</summary>
/// <param name="Verdict">The answer read under the output contract, or malformed.</param>
/// <param name="Answer">The model's text as given; empty when the endpoint refused the request.</param>
/// <param name="Tokens">Tokens the call cost (reported, or estimated when the endpoint reports none).</param>
/// <param name="RefusedStatus">The HTTP status when the endpoint refused the request itself; null otherwise.</param>
public sealed record JudgeAnswered(JudgeVerdict Verdict, string Answer, long Tokens, int? RefusedStatus);
