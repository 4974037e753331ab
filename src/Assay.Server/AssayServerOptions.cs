using Assay.Ingest;
using Assay.Server.Audit;
using Assay.Storage.Sqlite;

namespace Assay.Server;

/// <summary>Everything <c>assay serve</c> can be told; each default is documented on its property.</summary>
public sealed record AssayServerOptions
{
    /// <value>
    /// The database: a SQLite file (default <c>assay.db</c> in the working directory) or a PostgreSQL database as
    /// <c>postgresql://user:password@host:port/database</c>, which several nodes may share.
    /// </value>
    public string DatabasePath { get; init; } = "assay.db";

    /// <value>Addresses Kestrel listens on. Default <c>http://127.0.0.1:5080</c>.</value>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <value>Policy YAML file; null means the shipped starter policy.</value>
    public string? PolicyPath { get; init; }

    /// <value>Commit durability. Default <see cref="Durability.Full"/>.</value>
    public Durability Durability { get; init; } = Durability.Full;

    /// <value>Request and interaction size limits.</value>
    public IngestLimits Limits { get; init; } = IngestLimits.Default;

    /// <value>
    /// Most interactions waiting for a commit before new requests are turned away with 503 and
    /// Retry-After. Bounds memory under overload. Default 50,000.
    /// </value>
    public int MaxPendingInteractions { get; init; } = 50_000;

    /// <value>
    /// Most bytes of request bodies being read and parsed at once; past it requests get 503 and
    /// Retry-After. Default 256 MiB.
    /// </value>
    public long MaxBufferedBodyBytes { get; init; } = 256L * 1024 * 1024;

    /// <value>
    /// Most bytes of request bodies one caller (an API key; an address when keys are off) may have in flight, so that
    /// no caller can hold the whole <see cref="MaxBufferedBodyBytes"/>. Default a quarter of it (64 MiB); a caller's
    /// first request always fits.
    /// </value>
    public long? MaxBufferedBodyBytesPerCaller { get; init; }

    /// <value>
    /// The slowest a request body may arrive, on average after a five-second grace period; slower bodies are cut
    /// (Kestrel closes the connection) so that trickling clients cannot hold connections and memory. Default 4 KiB/s.
    /// </value>
    public double MinBodyBytesPerSecond { get; init; } = 4096;

    /// <value>
    /// Whether a TLS-terminating reverse proxy on the same machine forwards to Assay: its <c>X-Forwarded-Proto</c> and
    /// <c>X-Forwarded-For</c> are trusted from loopback addresses only, so UI cookies are marked Secure behind HTTPS and
    /// per-caller limits see the client's address. Default false: the headers are ignored.
    /// </value>
    public bool BehindProxy { get; init; }

    /// <value>Most interactions in one group commit. Default 4,096.</value>
    public int MaxCommitBatch { get; init; } = 4_096;

    /// <value>
    /// Interactions the pipeline reads per step. Default 128: each step holds the write lock once,
    /// and short holds keep ingest acknowledgements fast.
    /// </value>
    public int PipelineBatch { get; init; } = 128;

    /// <value>
    /// True: ingest needs an <c>ingest</c> key and reads need a reviewer, lead or admin key, each seeing
    /// only its project. False (local use, tests): ingest and reads are open. Review and key
    /// management always need a key. Default false here; <c>assay serve</c> turns it on unless <c>--no-auth</c>.
    /// </value>
    public bool RequireApiKeys { get; init; }

    /// <value>False to run ingest only (no detection); for benchmarks that isolate ingest.</value>
    public bool RunPipeline { get; init; } = true;

    /// <value>
    /// How often the monitors are evaluated; null uses configuration key <c>Assay:Alerts:IntervalSeconds</c>, else 30 s.
    /// The demo shortens it so that its injected shift is reported with its summary.
    /// </value>
    public TimeSpan? MonitorInterval { get; init; }

    /// <value>
    /// How long interactions are kept, by arrival time (<c>received_at</c>): older ones are deleted with their flags,
    /// scores, routing and unreviewed tasks; interactions with human labels are kept. Null (the default) keeps everything.
    /// </value>
    public TimeSpan? Retain { get; init; }

    /// <value>How often retention runs when <see cref="Retain"/> is set (also once at start). Default one hour.</value>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromHours(1);

    /// <value>How often a node reads which policy version is active, to follow one activated on another node. Default 5 s.</value>
    public TimeSpan PolicyPoll { get; init; } = TimeSpan.FromSeconds(5);

    /// <value>
    /// True (default): every dashboard range is computed once at start, so that the first view is as fast as later ones.
    /// It holds the last week's interaction features in memory from the start instead of from the first view.
    /// </value>
    public bool WarmDashboard { get; init; } = true;

    /// <value>
    /// How long the pipeline holds the interactions it claims. It bounds how long a dead node's batch waits before another
    /// node (or this one, restarted) takes it. Too short costs only repeated work, never double results: a node whose lease
    /// was taken over writes nothing. Default 30 s; a batch takes well under a second.
    /// </value>
    public TimeSpan PipelineLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <value>The audit log's anchors (hourly to the log by default, optionally to a webhook) and how often key expiry is checked.</value>
    public AuditOptions Audit { get; init; } = AuditOptions.Default;

    /// <value>
    /// How long a task handed out by <c>/v1/review/next</c> stays the reviewer's (asking again renews it). While held, it
    /// counts as a label to come, so it is not offered to more reviewers than it needs. Default 30 minutes.
    /// </value>
    public TimeSpan ReviewHold { get; init; } = TimeSpan.FromMinutes(30);

    /// <value>How OTLP telemetry becomes interactions: the project and model-version attributes and the log-record join (docs/OPENTELEMETRY.md).</value>
    public Assay.Otlp.OtlpMappingOptions Otlp { get; init; } = Assay.Otlp.OtlpMappingOptions.Default;

    /// <value>Addresses OTLP/gRPC listens on (HTTP/2; cleartext for <c>http://</c>). Null, the default, leaves OTLP/gRPC off.</value>
    public string? OtlpGrpcUrls { get; init; }

    /// <value>Where flags go out as OTLP <c>gen_ai.evaluation.result</c> log records; off by default (docs/OPENTELEMETRY.md).</value>
    public Otlp.VerdictExportOptions VerdictExport { get; init; } = new();

    /// <value>Where Assay draws its own samples from (endpoint, model, key); sampling is off without an endpoint. Default: no endpoint.</value>
    public Sampling.SamplerOptions Sampler { get; init; } = new();

    /// <value>Where the policy's judge rules ask for verdicts; without an endpoint, the sampler's endpoint, model and key. Default: none.</value>
    public Judging.JudgeOptions Judge { get; init; } = new();

    /// <value>This node's id among the nodes sharing a database: host name, process id and a short random part. Default: a new one per options.</value>
    public string NodeId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <value>
    /// How often a node tries to take the monitor's and the sampler's lead, and a leader confirms it still holds it; null uses
    /// configuration key <c>Assay:Leadership:RetrySeconds</c>, else 5 s. It bounds failover (docs/STORAGE.md, "Leader election").
    /// </value>
    public TimeSpan? LeaderRetry { get; init; }
    /// <value>
    /// True: <c>GET /metrics</c> answers without a key, for a Prometheus scraper on a trusted network. False (default): it
    /// needs an admin key for every project.
    /// </value>
    public bool MetricsPublic { get; init; }
}
