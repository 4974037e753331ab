namespace Assay.Storage.Sqlite;

/// <summary>The schema retention needs (module <c>retention</c>): an index to find the oldest interactions by arrival.</summary>
/// <remarks>Its own module, so that it numbers its steps apart from the interaction log's.</remarks>
internal static class RetentionSchema
{
    public const string Module = "retention";

    public static readonly string[] Steps =
    [
        // 1: retention deletes by received_at, oldest first, in batches.
        "CREATE INDEX ix_interactions_received ON interactions (received_at);",
    ];
}
