using Assay.Policy;
using Assay.Server.Election;
using Assay.Server.Sampling;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Judging;

/// <summary>Registers the judge worker when the policy has judge rules and the pipeline runs; its model client when an endpoint is known.</summary>
internal static class JudgingServices
{
    /// <summary>The key the judges' <see cref="IChatClient"/> is registered under, apart from the sampler's.</summary>
    public const string ClientKey = "assay-judge";

    public static IServiceCollection AddJudging(this IServiceCollection services, PolicyDocument policy, AssayServerOptions options)
    {
        var judge = options.Judge.Resolve(options.Sampler);
        var off = policy.Judges.Count == 0 ? "the policy has no judge rules"
            : !options.RunPipeline ? "the pipeline does not run (--ingest-only)"
            : judge.Endpoint is null ? "no judge endpoint is configured (--judge-endpoint, or the sampler's --sampler-endpoint)"
            : string.IsNullOrWhiteSpace(judge.Model) ? "no judge model is configured (--judge-model)" : null;
        services.AddSingleton(sp => new JudgingStatus(policy, judge.Endpoint is null ? null : judge, off, sp.GetRequiredService<TimeProvider>()));
        if (policy.Judges.Count == 0 || !options.RunPipeline)
            return services;
        if (off is null)
            services.AddKeyedSingleton(ClientKey, (_, _) => SamplerChatClient.Create(judge.AsClient()));
        services.AddHostedService(sp => new JudgeWorker(
            sp.GetRequiredService<IInteractionStore>(), off is null ? sp.GetRequiredKeyedService<IChatClient>(ClientKey) : null, policy, judge, off,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JudgeWorker>>(), LeaderElection.For(sp, Leadership.Judge),
            sp.GetRequiredService<JudgingStatus>(), sp.GetService<Otlp.VerdictExporter>()));
        return services;
    }
}
