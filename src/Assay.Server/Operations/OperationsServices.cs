using System.Diagnostics.Metrics;
using Assay.Review;
using Assay.Server.Auth;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Assay.Server.Operations;

/// <summary>What an operator of one or many nodes needs: the shared data-protection key ring, <c>/readyz</c> and <c>/metrics</c>.</summary>
internal static class OperationsServices
{
    /// <summary>The authorization policy of <c>/metrics</c>: an admin key for every project.</summary>
    public const string MetricsPolicy = "metrics";

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        // One application name on every node: the default is the content root, which differs between machines and
        // would give each node a key ring of its own even over one database.
        services.AddDataProtection().SetApplicationName("Assay");
        services.AddOptions<KeyManagementOptions>().Configure<IHostStore>((keys, store) => keys.XmlRepository = new KeyRingRepository(store));
        // Without a certificate to encrypt keys at rest, data protection warns on every start; the choice is documented instead.
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));

        services.AddSingleton<StoreSnapshot>();
        services.AddSingleton<AssayMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AssayMetrics.MeterName)
            .AddPrometheusExporter());
        // A meter provider listens to every meter of that name in the process, including those of other hosts (tests run
        // several nodes in one process): keep only the instruments of this host's own meter factory.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
        });
        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, policy => policy
            .RequireRole("admin").RequireClaim(Caller.ProjectClaim, ApiKey.AllProjects));
        return services;
    }

    /// <summary>Maps <c>/readyz</c> and <c>/metrics</c>; the latter needs an admin key for every project unless <paramref name="metricsPublic"/>.</summary>
    public static void MapOperations(this WebApplication app, bool metricsPublic)
    {
        // The meter's instruments exist once something resolves it; before the first scrape, so that counters start at zero.
        var meter = app.Services.GetRequiredService<AssayMetrics>();
        if (app.Services.GetService<Election.Leadership>() is { } leadership)
            meter.Leadership = () => leadership.Roles.Select(r => (r.Key, r.Value));
        app.MapReadiness();
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new HttpMethodMetadata(["GET"]));
        if (!metricsPublic)
            metrics.RequireAuthorization(MetricsPolicy);
    }
}
