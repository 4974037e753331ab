using Assay.Server.Election;
using Assay.Server.Policies;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Sampling;

/// <summary>Registers sampling: the status always, and the model client and the worker when the server can sample.</summary>
/// <remarks>
/// The server can sample when it has a sampler endpoint and model and runs the pipeline; whether it does is the running
/// policy's <c>sampling</c> section, read by the worker every batch, so activating a version that adds the section starts
/// sampling without a restart. Errors in the section cannot stop the server (the policy has loaded by then): that version
/// samples nothing and the worker logs why.
/// </remarks>
internal static class SamplingServices
{
    /// <summary>The key the sampler's <see cref="IChatClient"/> is registered under, apart from any other model client.</summary>
    public const string ClientKey = "assay-sampler";

    public static IServiceCollection AddSampling(this IServiceCollection services, AssayServerOptions options)
    {
        var sampler = options.Sampler;
        var off = Off(sampler, options.RunPipeline);
        services.AddSingleton(sp => new SamplingStatus(off, sampler, unexpectedly: sampler.Endpoint is not null && options.RunPipeline,
            sp.GetRequiredService<LivePolicy>(), sp.GetRequiredService<TimeProvider>()));
        if (off is null)
            services.AddKeyedSingleton(ClientKey, (_, _) => SamplerChatClient.Create(sampler));
        if (options.RunPipeline)
        {
            services.AddHostedService(sp => new SamplingWorker(
                sp.GetRequiredService<IInteractionStore>(), sp.GetKeyedService<IChatClient>(ClientKey), sp.GetRequiredService<LivePolicy>(),
                sp.GetRequiredService<SamplingStatus>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SamplingWorker>>(),
                LeaderElection.For(sp, Leadership.Sampler), sp.GetRequiredService<IAuditStore>()));
        }

        return services;
    }

    /// <summary>Why this server cannot sample whatever the policy says, or null when it can.</summary>
    private static string? Off(SamplerOptions sampler, bool runPipeline)
    {
        if (!runPipeline)
            return "the pipeline does not run (--ingest-only)";
        if (sampler.Endpoint is null)
            return "no sampler endpoint is configured (--sampler-endpoint)";
        if (string.IsNullOrWhiteSpace(sampler.Model))
            return "no sampler model is configured (--sampler-model)";
        return null;
    }
}
