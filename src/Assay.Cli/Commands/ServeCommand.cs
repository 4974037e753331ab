using System.CommandLine;
using Assay.Otlp;
using Assay.Server;
using Assay.Server.Audit;
using Assay.Server.Judging;
using Assay.Server.Otlp;
using Assay.Server.Sampling;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Cli.Commands;

/// <summary><c>assay serve</c>: runs the ingest API, the pipeline and the query API over a SQLite file or a PostgreSQL database.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        db.Description = "SQLite database file, or a PostgreSQL database that several nodes share: postgresql://user:password@host:port/database";
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var policy = CommonOptions.Policy();
        var durability = new Option<Durability>("--durability")
        {
            Description = "full: an acknowledged write survives a power cut; normal: it survives a process crash",
            DefaultValueFactory = _ => Durability.Full,
        };
        var noAuth = new Option<bool>("--no-auth") { Description = "Leave ingest and reads open (local use only); review always needs a key" };
        var ingestOnly = new Option<bool>("--ingest-only") { Description = "Do not run detection (benchmarks that isolate ingest; a later serve processes the backlog)" };
        var samplerEndpoint = new Option<Uri?>("--sampler-endpoint")
        {
            Description = $"OpenAI-compatible API Assay draws its own samples from, e.g. http://127.0.0.1:8000/v1 (key from {SamplerOptions.ApiKeyVariable}); needs a 'sampling:' policy section",
            CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Invalid(result, $"'{result.Tokens[0].Value}' is not an absolute http(s) URL, e.g. http://127.0.0.1:8000/v1"),
        };
        var samplerModel = new Option<string?>("--sampler-model") { Description = "Model asked for the samples (with --sampler-endpoint)" };
        var judgeEndpoint = new Option<Uri?>("--judge-endpoint")
        {
            Description = $"OpenAI-compatible API the policy's judge rules ask for verdicts (key from {JudgeOptions.ApiKeyVariable}); default: the sampler's endpoint, model and key",
            CustomParser = samplerEndpoint.CustomParser,
        };
        var judgeModel = new Option<string?>("--judge-model") { Description = "Model asked for verdicts (with --judge-endpoint)" };
        var behindProxy = new Option<bool>("--behind-proxy")
        {
            Description = "A TLS-terminating reverse proxy on this machine forwards to Assay: trust its X-Forwarded-Proto and X-Forwarded-For (from loopback only)",
        };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "console: short lines for a terminal; json: one JSON object per line, with the node, for log collectors",
            DefaultValueFactory = _ => "console",
        };
        logFormat.AcceptOnlyFromAmong("console", "json");
        var metricsPublic = new Option<bool>("--metrics-public")
        {
            Description = "Serve GET /metrics without a key, for a Prometheus scraper on a trusted network (default: an admin key for every project)",
        };
        var retain = new Option<int?>("--retain")
        {
            Description = "Delete interactions received more than this many days ago (hourly, with their flags and unreviewed tasks; labelled ones are kept)",
            CustomParser = PruneCommand.ParseDays,
        };
        var command = new Command("serve", "Run the Assay server (ingest, pipeline, queries) on a SQLite file") { db, urls, policy, durability, noAuth, ingestOnly, samplerEndpoint, samplerModel, judgeEndpoint, judgeModel, behindProxy, retain, logFormat, metricsPublic };
        var pipelineLease = Positive(new Option<int>("--pipeline-lease")
        {
            Description = "Seconds a node holds the pipeline work it claims: how long a dead node's batch waits for another node",
            DefaultValueFactory = _ => (int)new AssayServerOptions().PipelineLease.TotalSeconds,
        });
        var reviewHold = Positive(new Option<int>("--review-hold")
        {
            Description = "Minutes a task handed out by /v1/review/next stays the reviewer's before it may go to someone else",
            DefaultValueFactory = _ => (int)new AssayServerOptions().ReviewHold.TotalMinutes,
        });
        command.Options.Add(pipelineLease);
        command.Options.Add(reviewHold);
        var otlpGrpcUrls = new Option<string?>("--otlp-grpc-urls")
        {
            Description = "Addresses for OTLP/gRPC (HTTP/2; cleartext h2c for http://), separated by ';'; off when not given",
        };
        otlpGrpcUrls.Validators.Add(result =>
        {
            foreach (var url in (result.GetValueOrDefault<string?>() ?? "").Split(';', StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port < 0 || uri.AbsolutePath != "/")
                    result.AddError($"--otlp-grpc-urls: '{url}' is not an address like http://127.0.0.1:4317");
            }
        });
        var otlpProject = NotEmpty(new Option<string>("--otlp-project-attribute")
        {
            Description = "OTLP resource attribute (else span attribute) naming an interaction's project",
            DefaultValueFactory = _ => OtlpMappingOptions.Default.ProjectAttribute,
        });
        var otlpModelVersion = NotEmpty(new Option<string>("--otlp-model-version-attribute")
        {
            Description = "OTLP span attribute (else resource attribute) holding an interaction's model_version",
            DefaultValueFactory = _ => OtlpMappingOptions.Default.ModelVersionAttribute,
        });
        command.Options.Add(otlpGrpcUrls);
        var anchorInterval = new Option<int>("--audit-anchor-interval")
        {
            Description = "Seconds between audit anchors: the audit log's head written to the log (and the webhook), so a cut-off tail shows; 0 turns them off",
            DefaultValueFactory = _ => (int)AuditOptions.Default.AnchorInterval!.Value.TotalSeconds,
        };
        anchorInterval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
                r.AddError("--audit-anchor-interval must be 0 (off) or a number of seconds");
        });
        var anchorWebhook = new Option<Uri?>("--audit-anchor-webhook")
        {
            Description = "Also POST each audit anchor as JSON {seq, hash, entry_time, sent_at, node} to this http(s) URL",
            CustomParser = ParseWebhook,
        };
        command.Options.Add(anchorInterval);
        command.Options.Add(anchorWebhook);
        command.Options.Add(otlpProject);
        command.Options.Add(otlpModelVersion);
        var otlpExportEndpoint = new Option<Uri?>("--otlp-export-endpoint")
        {
            Description = "Export flags as OTLP gen_ai.evaluation.result log records to this OTLP/HTTP address (…/v1/logs is appended unless given)",
            CustomParser = r => Uri.TryCreate(r.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Invalid(r, $"--otlp-export-endpoint must be an absolute http(s) URL, not '{r.Tokens.Single().Value}'"),
        };
        var otlpExportHeaders = new Option<IReadOnlyDictionary<string, string>?>("--otlp-export-headers")
        {
            Description = "Headers for the verdict export, as key=value,… (OTEL_EXPORTER_OTLP_HEADERS' format)",
            CustomParser = ParseHeaders,
        };
        command.Options.Add(otlpExportEndpoint);
        command.Options.Add(otlpExportHeaders);
        command.Validators.Add(result =>
        {
            // Presence, not value: reading a value that failed to parse would throw here.
            if ((result.GetResult(samplerEndpoint) is null) != (result.GetResult(samplerModel) is null))
                result.AddError("--sampler-endpoint and --sampler-model go together");
            if ((result.GetResult(judgeEndpoint) is null) != (result.GetResult(judgeModel) is null))
                result.AddError("--judge-endpoint and --judge-model go together");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new AssayServerOptions
            {
                DatabasePath = parse.GetValue(db)!,
                Urls = parse.GetValue(urls)!,
                PolicyPath = parse.GetValue(policy)?.FullName,
                Durability = parse.GetValue(durability),
                RequireApiKeys = !parse.GetValue(noAuth),
                RunPipeline = !parse.GetValue(ingestOnly),
                Sampler = new SamplerOptions { Endpoint = parse.GetValue(samplerEndpoint), Model = parse.GetValue(samplerModel) },
                Judge = new JudgeOptions { Endpoint = parse.GetValue(judgeEndpoint), Model = parse.GetValue(judgeModel) },
                BehindProxy = parse.GetValue(behindProxy),
                Retain = parse.GetValue(retain) is { } days ? TimeSpan.FromDays(days) : null,
            };
            options = options with
            {
                PipelineLease = TimeSpan.FromSeconds(parse.GetValue(pipelineLease)),
                ReviewHold = TimeSpan.FromMinutes(parse.GetValue(reviewHold)),
                MetricsPublic = parse.GetValue(metricsPublic),
                OtlpGrpcUrls = parse.GetValue(otlpGrpcUrls),
                Audit = AuditOptions.Default with
                {
                    AnchorInterval = parse.GetValue(anchorInterval) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Webhook = parse.GetValue(anchorWebhook),
                },
                Otlp = OtlpMappingOptions.Default with
                {
                    ProjectAttribute = parse.GetValue(otlpProject)!,
                    ModelVersionAttribute = parse.GetValue(otlpModelVersion)!,
                },
                VerdictExport = new VerdictExportOptions
                {
                    Endpoint = parse.GetValue(otlpExportEndpoint),
                    Headers = parse.GetValue(otlpExportHeaders) ?? new Dictionary<string, string>(),
                },
            };
            return await RunAsync(options, cancellationToken, parse.GetValue(logFormat) == "json");
        });
        return command;
    }

    private static IReadOnlyDictionary<string, string>? ParseHeaders(System.CommandLine.Parsing.ArgumentResult result)
    {
        try
        {
            return VerdictExportOptions.ParseHeaders(result.Tokens.Single().Value);
        }
        catch (FormatException e)
        {
            result.AddError($"--otlp-export-headers: {e.Message}; expected key=value,…");
            return null;
        }
    }

    private static Uri? ParseWebhook(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        result.AddError($"--audit-anchor-webhook must be an absolute http(s) URL, not '{text}'");
        return null;
    }

    private static Option<int> Positive(Option<int> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError($"{option.Name} must be a whole number of at least 1");
        });
        return option;
    }

    private static Option<string> NotEmpty(Option<string> option)
    {
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                result.AddError($"{option.Name} must name an attribute");
        });
        return option;
    }

    private static Uri? Invalid(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    internal static async Task<int> RunAsync(AssayServerOptions options, CancellationToken cancellationToken, bool jsonLogs = false)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = AssayServer.Build(options, jsonLogs ? Assay.Server.Operations.JsonLogs.Use : null);
        }
        catch (PolicyException e)
        {
            return CommonOptions.Fail("serve", e.Message);
        }
        catch (ArgumentException e) when (Assay.Storage.Postgres.PostgresConnection.IsPostgres(options.DatabasePath))
        {
            return CommonOptions.Fail("serve", $"--db: {e.Message}");
        }
        catch (Npgsql.NpgsqlException e)
        {
            return CommonOptions.Fail("serve", $"cannot use the PostgreSQL database {Assay.Storage.Postgres.PostgresConnection.Describe(options.DatabasePath)}: {e.Message}");
        }

        await using (app)
        {
            await app.StartAsync(cancellationToken);
            var listening = $"Assay is listening on {string.Join(", ", app.Urls)} (database {Assay.Storage.Postgres.PostgresConnection.Describe(options.DatabasePath)}); Ctrl+C stops it.";
            const string Open = "Warning: --no-auth: anyone who can reach this address can ingest and read. Create keys with 'assay keys create'.";
            if (jsonLogs)
            {
                // Every line of standard output stays one JSON object, so the startup lines are log entries too.
                var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Assay.Cli");
                ServeLog.Listening(logger, listening);
                if (!options.RequireApiKeys)
                    ServeLog.Open(logger, Open);
            }
            else
            {
                Console.WriteLine(listening);
                if (!options.RequireApiKeys)
                    Console.WriteLine(Open);
            }

            await app.WaitForShutdownAsync(cancellationToken);
        }

        return 0;
    }
}
