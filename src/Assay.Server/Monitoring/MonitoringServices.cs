using Assay.Monitoring;
using Assay.Policy;
using Assay.Server.Election;
using Assay.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Monitoring;

/// <summary>Registers monitoring: the alert store, the webhook sink and, when the pipeline runs, the monitor worker.</summary>
internal static class MonitoringServices
{
    /// <summary>
    /// Webhook URLs come from configuration key <c>Assay:Alerts:Webhooks</c> (environment <c>Assay__Alerts__Webhooks</c>),
    /// separated by semicolons; the evaluation interval from <see cref="AssayServerOptions.MonitorInterval"/>, else <c>Assay:Alerts:IntervalSeconds</c> (default 30).
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration, PolicyDocument policy, AssayServerOptions options)
    {
        var urls = (configuration["Assay:Alerts:Webhooks"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var interval = options.MonitorInterval
            ?? TimeSpan.FromSeconds(int.TryParse(configuration["Assay:Alerts:IntervalSeconds"], out var seconds) && seconds > 0 ? seconds : 30);
        services.AddSingleton(new WebhookOptions { Urls = [.. urls.Select(u => new Uri(u, UriKind.Absolute))] });
        services.AddSingleton(sp => new WebhookSink(sp.GetRequiredService<IHttpClientFactory>().CreateClient("assay-webhooks"), sp.GetRequiredService<WebhookOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient("assay-webhooks");
        // The policy loaded already, so monitor errors cannot stop the server; invalid rules are left out and logged at start.
        var monitors = MonitorReader.Read(policy);
        services.AddSingleton(new MonitoringSettings(monitors.Rules, interval, monitors.Problems));
        if (policy.Judges.Count > 0)
            services.AddSingleton(sp => new JudgeDrift(sp.GetRequiredService<IReviewStore>(), policy));
        if (options.RunPipeline)
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<MonitorWorker>(sp, LeaderElection.For(sp, Leadership.Monitor)));
        return services;
    }
}
