using Assay.Server.Election;
using Assay.Server.Policies;
using Assay.Server.Sampling;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Judging;

/// <summary>Registers the judges: the status always, the worker when the pipeline runs, its model client when an endpoint is known.</summary>
/// <remarks>
/// Which rules judge is the running policy's business, read by the worker every batch: activating a version that adds judge
/// rules starts judging without a restart, and the status says why nothing runs when the server has no endpoint for them.
/// </remarks>
internal static class JudgingServices
{
    /// <summary>The key the judges' <see cref="IChatClient"/> is registered under, apart from the sampler's.</summary>
    public const string ClientKey = "assay-judge";

    public static IServiceCollection AddJudging(this IServiceCollection services, AssayServerOptions options)
    {
        var judge = options.Judge.Resolve(options.Sampler);
        var off = !options.RunPipeline ? "the pipeline does not run (--ingest-only)"
            : judge.Endpoint is null ? "no judge endpoint is configured (--judge-endpoint, or the sampler's --sampler-endpoint)"
            : string.IsNullOrWhiteSpace(judge.Model) ? "no judge model is configured (--judge-model)" : null;
        services.AddSingleton(sp => new JudgingStatus(sp.GetRequiredService<LivePolicy>(), judge.Endpoint is null ? null : judge, off, sp.GetRequiredService<TimeProvider>()));
        if (!options.RunPipeline)
            return services;
        if (off is null)
            services.AddKeyedSingleton(ClientKey, (_, _) => SamplerChatClient.Create(judge.AsClient()));
        services.AddHostedService(sp => new JudgeWorker(
            sp.GetRequiredService<IInteractionStore>(), off is null ? sp.GetRequiredKeyedService<IChatClient>(ClientKey) : null, sp.GetRequiredService<LivePolicy>(),
            judge, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JudgeWorker>>(), LeaderElection.For(sp, Leadership.Judge),
            sp.GetRequiredService<JudgingStatus>(), sp.GetService<Otlp.VerdictExporter>()));
        return services;
    }
}
