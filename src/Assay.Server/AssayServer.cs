using System.Text.Json;
using System.Text.Json.Serialization;
using Assay.Ingest;
using Assay.Pipeline;
using Assay.Server.Audit;
using Assay.Server.Auth;
using Assay.Server.Dashboard;
using Assay.Server.Election;
using Assay.Server.Http;
using Assay.Server.Incidents;
using Assay.Server.Ingest;
using Assay.Server.Judging;
using Assay.Server.Monitoring;
using Assay.Server.OpenApi;
using Assay.Server.Operations;
using Assay.Server.Otlp;
using Assay.Server.Pipeline;
using Assay.Server.Policies;
using Assay.Server.Queries;
using Assay.Server.Reports;
using Assay.Server.Review;
using Assay.Server.Sampling;
using Assay.Server.Ui;
using Assay.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server;

/// <summary>The composition root of the Assay server: builds a ready-to-start web application.</summary>
public static class AssayServer
{
    /// <summary>Builds the server; throws <see cref="PolicyException"/> when the policy has errors.</summary>
    public static WebApplication Build(AssayServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var policy = ActivePolicy.Load(options.PolicyPath);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        // Assay enforces its own body limit while reading, with a problem-details answer.
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (options.OtlpGrpcUrls is not null)
                OtlpGrpc.Listen(k, options.Urls, options.OtlpGrpcUrls);
            k.Limits.MaxRequestBodySize = options.Limits.MaxBodyBytes + 1;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(options.MinBodyBytesPerSecond, TimeSpan.FromSeconds(5));
        });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            // Every deletion by retention and every audit anchor is logged, not only problems.
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Assay.Server.Retention", LogLevel.Information)
                .AddFilter("Assay.Server.Audit", LogLevel.Information);
        }
        else
            logging(builder.Logging);

        var services = builder.Services;
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            // Statistics are NaN when undefined (e.g. alpha of a category nobody ticked): written as null, with a warning beside.
            json.SerializerOptions.Converters.Add(new UndefinedNumberConverter());
            // {"a":1,"a":2} is ambiguous (which one did the client mean?); refuse it rather than let the last win.
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Before AddProblemDetails: the first writer that accepts a response writes it, and /ui answers pages, not JSON.
        services.AddSingleton<IProblemDetailsWriter, Ui.UiErrorPage>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized => context.HttpContext.Items[ApiKeyAuthenticationHandler.FailureItem] as string
                ?? "send an API key as 'Authorization: Bearer assay_…'; none was sent",
            StatusCodes.Status403Forbidden => "this API key's role or project does not allow this request",
            // Routing answers a Content-Type an endpoint does not accept before any handler runs, with no detail of its own.
            StatusCodes.Status415UnsupportedMediaType => "this endpoint does not accept the request's Content-Type; send application/json",
            _ => null,
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<BearerKeyScheme>().AddOperationTransformer<StatusResponses>());
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddStorage(options);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddUi();
        services.AddAuthorization(AuthPolicies.Add);
        services.AddSingleton(new IngestBodyReader(new InteractionParser(options.Limits)));
        services.AddPolicies(PolicySnapshot.Build(policy, MonitoringServices.Interval(builder.Configuration, options)), options);
        services.AddSingleton(new BodyBudget(options.MaxBufferedBodyBytes, options.MaxBufferedBodyBytesPerCaller ?? options.MaxBufferedBodyBytes / 4));
        services.AddSingleton<PipelineSignal>();
        services.AddSingleton<IngestQueue>();
        services.AddOtlp(options);
        services.AddHostedService(sp => sp.GetRequiredService<IngestQueue>());
        if (options.RunPipeline)
            services.AddHostedService<PipelineWorker>();
        services.AddLeadership(builder.Configuration, options);
        services.AddMonitoring(builder.Configuration, options);
        services.AddSampling(options);
        services.AddJudging(options);
        services.AddSingleton(options.Audit);
        services.AddHostedService(sp => new AuditWorker(sp.GetRequiredService<IAuditStore>(), sp.GetRequiredService<IReviewStore>(), options.Audit,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditWorker>>(), LeaderElection.For(sp, Leadership.Audit),
            sp.GetRequiredService<Leadership>()));
        if (options.Retain is not null)
            services.AddHostedService<Retention.RetentionWorker>();
        services.AddOperations();
        services.AddSingleton<Dashboard.DashboardSource>();
        services.AddSingleton<IncidentEvidence>();
        if (options.WarmDashboard)
            services.AddHostedService<Dashboard.DashboardWarmup>();

        var app = builder.Build();
        if (options.BehindProxy)
        {
            // The defaults trust loopback proxies only; a proxy elsewhere must be added to KnownProxies deliberately.
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        }

        // Exceptions become problems here (BadRequestExceptionHandler keeps a BadHttpRequestException's status). Kestrel's
        // own rejections of a malformed request line or headers (400, 414, 431) never reach this pipeline: see that type.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/v1.json");
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapInteractionSchema();
        if (options.OtlpGrpcUrls is not null)
            app.UseOtlpGrpcListeners();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        var ingest = app.MapGroup("");
        var read = app.MapGroup("");
        if (options.RequireApiKeys)
        {
            ingest.RequireAuthorization(AuthPolicies.Ingest);
            read.RequireAuthorization(AuthPolicies.Read);
        }

        ingest.AddEndpointFilter<IngestMeter>();
        ingest.MapIngest();
        var otlp = app.MapGroup("");
        if (options.RequireApiKeys)
            otlp.RequireAuthorization(AuthPolicies.Ingest);
        otlp.MapOtlpHttp();
        if (options.OtlpGrpcUrls is not null)
            app.MapOtlpGrpc(options.RequireApiKeys);
        read.MapOtlpStatus();
        read.MapQueries();
        read.MapAlerts();
        app.MapReview();
        app.MapKeys();
        app.MapAudit();
        app.MapPolicies();
        app.MapReports();
        app.MapIncidents();
        app.MapMetrics();
        app.MapSampling();
        app.MapJudging();
        app.MapUi();
        app.MapDashboard(options.RequireApiKeys);
        app.MapOperations(options.MetricsPublic);

        // The schema must exist before the first request or worker touches the store.
        app.Services.GetRequiredService<IInteractionStore>().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        // A policy file given at start is activated (and audited); without one, the node runs the version the database says runs.
        app.Services.GetRequiredService<PolicyVersions>().StartAsync(options.PolicyPath, CancellationToken.None).GetAwaiter().GetResult();
        policy = app.Services.GetRequiredService<LivePolicy>().Policy;
        Log.Started(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Assay"), policy.Hash[..12], policy.Rules.Count, Assay.Storage.Postgres.PostgresConnection.Describe(options.DatabasePath));
        return app;
    }
}
