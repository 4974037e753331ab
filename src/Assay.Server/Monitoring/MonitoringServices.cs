using Assay.Server.Election;
using Assay.Server.Policies;
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
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration, AssayServerOptions options)
    {
        var urls = (configuration["Assay:Alerts:Webhooks"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.AddSingleton(new WebhookOptions { Urls = [.. urls.Select(u => new Uri(u, UriKind.Absolute))] });
        services.AddSingleton(sp => new WebhookSink(sp.GetRequiredService<IHttpClientFactory>().CreateClient("assay-webhooks"), sp.GetRequiredService<WebhookOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient("assay-webhooks");
        // The monitors are the running policy version's (PolicySnapshot): each request, and each tick of the worker, reads them anew.
        services.AddTransient(sp => sp.GetRequiredService<LivePolicy>().Current.Monitoring);
        // Built in: a policy version with judge rules watches their agreement with the humans (no monitor rule needed).
        services.AddSingleton(sp => new JudgeDrift(sp.GetRequiredService<IReviewStore>(), sp.GetRequiredService<LivePolicy>()));
        if (options.RunPipeline)
        {
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<MonitorWorker>(sp, LeaderElection.For(sp, Leadership.Monitor),
                (Func<MonitoringSettings>)(() => sp.GetRequiredService<LivePolicy>().Current.Monitoring)));
        }

        return services;
    }

    /// <summary>The evaluation interval: <see cref="AssayServerOptions.MonitorInterval"/>, else <c>Assay:Alerts:IntervalSeconds</c> (default 30 s).</summary>
    public static TimeSpan Interval(IConfiguration configuration, AssayServerOptions options) => options.MonitorInterval
        ?? TimeSpan.FromSeconds(int.TryParse(configuration["Assay:Alerts:IntervalSeconds"], out var seconds) && seconds > 0 ? seconds : 30);
}
