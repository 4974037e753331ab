using Assay.Otlp.Proto;
using Google.Protobuf;
using Grpc.Core;
using GrpcStatus = Grpc.Core.Status;

namespace Assay.Server.Otlp;

/// <summary>
/// The method definitions of OTLP/gRPC's two <c>Export</c> services, bound by hand rather than generated, so that a
/// request protobuf cannot parse is answered <c>INVALID_ARGUMENT</c> with a message.
/// </summary>
/// <remarks>
/// Grpc.AspNetCore turns any exception a generated marshaller throws into <c>UNKNOWN</c> without a word; an
/// <see cref="RpcException"/> thrown by the marshaller keeps its status. The paths are OTLP's:
/// <c>/opentelemetry.proto.collector.trace.v1.TraceService/Export</c> and the logs one.
/// </remarks>
internal static class OtlpGrpcMethods
{
    public static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> Traces = new(
        MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
        Marshaller(ExportTraceServiceRequest.Parser), Marshaller(ExportTraceServiceResponse.Parser));

    public static readonly Method<ExportLogsServiceRequest, ExportLogsServiceResponse> Logs = new(
        MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Export",
        Marshaller(ExportLogsServiceRequest.Parser), Marshaller(ExportLogsServiceResponse.Parser));

    /// <summary>Binds the trace service; Grpc.AspNetCore finds the override of <see cref="TraceExportBase.Export"/> by name.</summary>
    public static void BindTraces(ServiceBinderBase binder, TraceExportBase? service) =>
        binder.AddMethod(Traces, (UnaryServerMethod<ExportTraceServiceRequest, ExportTraceServiceResponse>?)null);

    /// <summary>Binds the logs service; Grpc.AspNetCore finds the override of <see cref="LogsExportBase.Export"/> by name.</summary>
    public static void BindLogs(ServiceBinderBase binder, LogsExportBase? service) =>
        binder.AddMethod(Logs, (UnaryServerMethod<ExportLogsServiceRequest, ExportLogsServiceResponse>?)null);

    private static Marshaller<T> Marshaller<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        Marshallers.Create(message => message.ToByteArray(), bytes =>
        {
            try
            {
                return parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new GrpcStatus(StatusCode.InvalidArgument, $"the request is not a valid {typeof(T).Name}: {e.Message}"));
            }
        });
}

/// <summary>The trace service's binding point: Grpc.AspNetCore serves overrides of a method declared where the binding is.</summary>
[BindServiceMethod(typeof(OtlpGrpcMethods), nameof(OtlpGrpcMethods.BindTraces))]
internal abstract class TraceExportBase
{
    public abstract Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context);
}

/// <summary>The logs service's binding point.</summary>
[BindServiceMethod(typeof(OtlpGrpcMethods), nameof(OtlpGrpcMethods.BindLogs))]
internal abstract class LogsExportBase
{
    public abstract Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context);
}

/// <summary>OTLP/gRPC's trace export service.</summary>
internal sealed class TraceExport(OtlpReceiver receiver, Ingest.BodyBudget budget) : TraceExportBase
{
    public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var outcome = await OtlpGrpc.ExportAsync(request, scope => receiver.Translator.Traces(request.ResourceSpans, scope), context, receiver, budget);
        return new ExportTraceServiceResponse
        {
            PartialSuccess = outcome.Rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Message },
        };
    }
}

/// <summary>OTLP/gRPC's logs export service.</summary>
internal sealed class LogsExport(OtlpReceiver receiver, Ingest.BodyBudget budget) : LogsExportBase
{
    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        var outcome = await OtlpGrpc.ExportAsync(request, scope => receiver.Translator.Logs(request.ResourceLogs, scope), context, receiver, budget);
        return new ExportLogsServiceResponse
        {
            PartialSuccess = outcome.Rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = outcome.Rejected, ErrorMessage = outcome.Message },
        };
    }
}
