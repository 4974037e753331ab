using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Policies;

/// <summary>Registers the running policy and its versions: what requests and workers read, and the watcher that follows other nodes.</summary>
internal static class PolicyServices
{
    public static IServiceCollection AddPolicies(this IServiceCollection services, PolicySnapshot initial, AssayServerOptions options)
    {
        var live = new LivePolicy(initial);
        services.AddSingleton(live);
        // Transient on purpose: an endpoint that takes the policy or the vocabulary gets the version running when it is called.
        services.AddTransient(_ => live.Policy);
        services.AddTransient(_ => live.Current.Vocabulary);
        services.AddSingleton<PolicyVersions>();
        if (options.PolicyPoll > TimeSpan.Zero)
            services.AddHostedService<PolicyWatcher>();
        return services;
    }
}
