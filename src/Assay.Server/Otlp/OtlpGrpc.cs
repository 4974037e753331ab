using System.Net;
using Assay.Otlp;
using Assay.Otlp.Proto;
using Assay.Server.Auth;
using Assay.Server.Ingest;
using Assay.Server.Otlp.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using GrpcStatus = Grpc.Core.Status;

namespace Assay.Server.Otlp;

/// <summary>
/// OTLP/gRPC: the trace and logs <c>Export</c> services on their own HTTP/2 listeners (<c>serve --otlp-grpc-urls</c>),
/// answered by the same receiver, keys, project scope, queue and body budget as OTLP/HTTP.
/// </summary>
/// <remarks>
/// Cleartext gRPC needs HTTP/2 with prior knowledge (h2c), which a listener that also speaks HTTP/1.1 cannot offer,
/// so the gRPC addresses get listeners of their own. Those listeners serve only the two services, and the services
/// answer only there: the API's listeners stay what they were.
/// </remarks>
internal static class OtlpGrpc
{
    /// <summary>Marks a connection accepted by an OTLP/gRPC listener.</summary>
    private const string ListenerItem = "assay.otlp-grpc";

    /// <summary>
    /// Listens on <paramref name="urls"/> (the API, HTTP/1.1 and HTTP/2 where TLS allows) and on <paramref name="grpcUrls"/>
    /// (HTTP/2 only), explicitly: Kestrel ignores UseUrls once any listener is configured in code.
    /// </summary>
    public static void Listen(KestrelServerOptions kestrel, string urls, string grpcUrls)
    {
        foreach (var url in Split(urls))
            Listen(kestrel, url, _ => { });
        foreach (var url in Split(grpcUrls))
        {
            Listen(kestrel, url, listener =>
            {
                listener.Protocols = HttpProtocols.Http2;
                listener.Use(next => connection =>
                {
                    connection.Items[ListenerItem] = true;
                    return next(connection);
                });
            });
        }
    }

    /// <summary>Keeps each listener to its own endpoints: gRPC listeners serve the two services and nothing else, and the reverse.</summary>
    public static void UseOtlpGrpcListeners(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var onGrpcListener = OnGrpcListener(context);
            var grpcPath = context.Request.Path.StartsWithSegments("/opentelemetry.proto.collector.trace.v1.TraceService")
                || context.Request.Path.StartsWithSegments("/opentelemetry.proto.collector.logs.v1.LogsService");
            if (onGrpcListener == grpcPath)
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

    /// <summary>Maps the two services, with the ingest policy when keys are required.</summary>
    public static void MapOtlpGrpc(this WebApplication app, bool requireApiKeys)
    {
        var traces = app.MapGrpcService<TraceExport>();
        var logs = app.MapGrpcService<LogsExport>();
        if (requireApiKeys)
        {
            traces.RequireAuthorization(AuthPolicies.Ingest);
            logs.RequireAuthorization(AuthPolicies.Ingest);
        }
    }

    private static bool OnGrpcListener(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ListenerItem) == true;

    private static string[] Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Listen(KestrelServerOptions kestrel, string url, Action<ListenOptions> configure)
    {
        var address = BindingAddress.Parse(url);
        var https = address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
        if (!https && !address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"'{url}': the scheme must be http or https");
        Action<ListenOptions> options = listener =>
        {
            configure(listener);
            if (https)
                listener.UseHttps();
        };
        if (address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            kestrel.ListenLocalhost(address.Port, options);
        else if (address.Host is "*" or "+" or "[::]" or "0.0.0.0")
            kestrel.ListenAnyIP(address.Port, options);
        else if (IPAddress.TryParse(address.Host, out var ip))
            kestrel.Listen(ip, address.Port, options);
        else
            throw new FormatException($"'{url}': the host must be an IP address, localhost or *");
    }

    /// <summary>
    /// Runs one export through the receiver. Refusals follow OTLP/gRPC's throttling rule: UNAVAILABLE, or
    /// RESOURCE_EXHAUSTED when this caller's share of the body budget is spent, both with RetryInfo so exporters retry
    /// after the delay; another project's telemetry is PERMISSION_DENIED, which is not retried.
    /// </summary>
    public static async Task<OtlpOutcome> ExportAsync(IMessage request, Func<string, OtlpBatch> translate, ServerCallContext call, OtlpReceiver receiver, BodyBudget budget)
    {
        var context = call.GetHttpContext();
        var caller = Caller.From(context) ?? Caller.Anonymous;
        var holder = caller is { KeyId.Length: > 0 } key ? "key:" + key.KeyId : "address:" + context.Connection.RemoteIpAddress;
        // gRPC has read and parsed the message already (within MaxReceiveMessageSize); its size is still held against
        // the budget while it is translated, so gRPC and HTTP callers share one bound.
        var size = request.CalculateSize();
        if (!budget.TryReserve(holder, size))
            throw Refusal(StatusCode.ResourceExhausted, "too many request bodies are being read; retry after a second", TimeSpan.FromSeconds(1));
        OtlpBatch batch;
        try
        {
            batch = translate(caller.Project);
        }
        finally
        {
            budget.Release(holder, size);
        }

        var outcome = await receiver.ReceiveAsync(batch, caller, call.CancellationToken);
        return outcome.Answer switch
        {
            OtlpAnswer.Stored => outcome,
            OtlpAnswer.WrongProject => throw new RpcException(new GrpcStatus(StatusCode.PermissionDenied, outcome.Message)),
            OtlpAnswer.Overloaded => throw Refusal(StatusCode.Unavailable, outcome.Message, TimeSpan.FromSeconds(1)),
            _ => throw Refusal(StatusCode.Unavailable, outcome.Message, TimeSpan.FromSeconds(5)),
        };
    }

    /// <summary>A status with google.rpc.RetryInfo in <c>grpc-status-details-bin</c>: OTLP's signal that a retry may succeed.</summary>
    public static RpcException Refusal(StatusCode code, string message, TimeSpan retryAfter)
    {
        var details = new Grpc.Status { Code = (int)code, Message = message };
        details.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        return new RpcException(new GrpcStatus(code, message), new Metadata { { "grpc-status-details-bin", details.ToByteArray() } });
    }
}
