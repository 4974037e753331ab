using Assay.Policy;
using Assay.Sampling;
using Assay.Server.Election;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Sampling;

/// <summary>Registers sampling: the status always, the model client when sampling is on, the worker when the pipeline runs.</summary>
/// <remarks>
/// On when the server has a sampler endpoint and model and the policy a valid <c>sampling</c> section. Errors in the
/// section cannot stop the server (the policy has loaded by then): sampling stays off and the worker logs why at start.
/// </remarks>
internal static class SamplingServices
{
    /// <summary>The key the sampler's <see cref="IChatClient"/> is registered under, apart from any other model client.</summary>
    public const string ClientKey = "assay-sampler";

    public static IServiceCollection AddSampling(this IServiceCollection services, PolicyDocument policy, AssayServerOptions options)
    {
        var read = SamplingReader.Read(policy);
        var sampler = options.Sampler;
        var off = Off(read, sampler, options.RunPipeline);
        services.AddSingleton(sp => off is null
            ? SamplingStatus.Enabled(read.Policy!, sampler, read.Problems, sp.GetRequiredService<TimeProvider>())
            : SamplingStatus.Disabled(off, read.Problems, unexpectedly: sampler.Endpoint is not null && options.RunPipeline));
        if (off is null)
            services.AddKeyedSingleton(ClientKey, (_, _) => SamplerChatClient.Create(sampler));
        if (options.RunPipeline)
        {
            services.AddHostedService(sp => new SamplingWorker(
                sp.GetRequiredService<IInteractionStore>(), sp.GetKeyedService<IChatClient>(ClientKey), policy,
                sp.GetRequiredService<SamplingStatus>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SamplingWorker>>(),
                LeaderElection.For(sp, Leadership.Sampler), sp.GetRequiredService<IAuditStore>()));
        }

        return services;
    }

    /// <summary>Why sampling is off, or null when it is on.</summary>
    private static string? Off(SamplingReadResult read, SamplerOptions sampler, bool runPipeline)
    {
        if (!runPipeline)
            return "the pipeline does not run (--ingest-only)";
        if (sampler.Endpoint is null)
            return "no sampler endpoint is configured (--sampler-endpoint)";
        if (string.IsNullOrWhiteSpace(sampler.Model))
            return "no sampler model is configured (--sampler-model)";
        if (read.Policy is null)
            return read.Problems.Any(p => p.Severity == ProblemSeverity.Error) ? "the policy's 'sampling' section has errors" : "the policy has no 'sampling' section";
        return null;
    }
}
