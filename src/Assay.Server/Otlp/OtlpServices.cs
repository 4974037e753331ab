using Assay.Otlp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Otlp;

/// <summary>Registers the OTLP receiver (the translator with its join, the status counters, gRPC when asked for) and the verdict exporter.</summary>
internal static class OtlpServices
{
    public static void AddOtlp(this IServiceCollection services, AssayServerOptions options)
    {
        services.AddSingleton(sp => new OtlpTranslator(
            new SpanMapper(options.Otlp, options.Limits),
            new InferenceJoin(sp.GetRequiredService<TimeProvider>(), options.Otlp.JoinWindow, options.Otlp.JoinCapacity)));
        services.AddSingleton<OtlpStatus>();
        services.AddSingleton<OtlpReceiver>();
        services.AddHttpClient("assay-otlp-export", http => http.Timeout = options.VerdictExport.Timeout);
        services.AddSingleton(sp => new VerdictExporter(sp.GetRequiredService<IHttpClientFactory>().CreateClient("assay-otlp-export"),
            options.VerdictExport, sp.GetRequiredService<OtlpStatus>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<VerdictExporter>>()));
        if (options.VerdictExport.Endpoint is not null)
            services.AddHostedService(sp => sp.GetRequiredService<VerdictExporter>());
        if (options.OtlpGrpcUrls is not null)
            services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, options.Limits.MaxBodyBytes));
    }
}
