using Assay.Otlp;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Otlp;

/// <summary>Registers the OTLP receiver: the translator with its join, the status counters, and gRPC when asked for.</summary>
internal static class OtlpServices
{
    public static void AddOtlp(this IServiceCollection services, AssayServerOptions options)
    {
        services.AddSingleton(sp => new OtlpTranslator(
            new SpanMapper(options.Otlp, options.Limits),
            new InferenceJoin(sp.GetRequiredService<TimeProvider>(), options.Otlp.JoinWindow, options.Otlp.JoinCapacity)));
        services.AddSingleton<OtlpStatus>();
        services.AddSingleton<OtlpReceiver>();
        if (options.OtlpGrpcUrls is not null)
            services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, options.Limits.MaxBodyBytes));
    }
}
