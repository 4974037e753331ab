using Assay.Review;

namespace Assay.Server.Review;

/// <summary>One page of <c>GET /v1/keys</c>: keys oldest first, without secrets, and the cursor of the next page (null on the last).</summary>
internal sealed record KeyList(IReadOnlyList<ApiKey> Keys, string? Next);
