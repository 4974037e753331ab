namespace Assay.Storage;

/// <summary>The interactions waiting for the pipeline: how many, and when the oldest was received (null when none waits).</summary>
public sealed record PipelineBacklog(long Waiting, DateTimeOffset? OldestReceivedAt);
