using System.Net;
using Assay.Otlp;
using Assay.Otlp.Proto;
using Assay.Review;
using Assay.Server.Otlp;
using Assay.Storage.Sqlite;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using static Assay.Server.Tests.Otlp.OtlpJsonBodies;

namespace Assay.Server.Tests.Otlp;

/// <summary>An Assay server requiring keys, with OTLP/gRPC on a listener of its own at 127.0.0.1 (a free port).</summary>
public sealed class OtlpGrpcServer : AssayTestServer
{
    /// <summary>The OTLP/gRPC listener: configured after the API's one.</summary>
    public Uri GrpcAddress => Urls[^1];

    protected override AssayServerOptions Configure(AssayServerOptions options) =>
        options with { RequireApiKeys = true, OtlpGrpcUrls = "http://127.0.0.1:0" };

    public async Task<string> KeyAsync(Role role, string project)
    {
        var store = new SqliteReviewStore(Services.GetRequiredService<SqliteDatabase>(), TimeProvider.System);
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(keyId, $"{role}-{keyId}".ToLowerInvariant(), role, project, DateTimeOffset.UtcNow, null, null), hash, CancellationToken.None);
        return token;
    }
}

/// <summary>
/// OTLP/gRPC over a real HTTP/2 cleartext connection, with a client that knows only OTLP's method paths (as an
/// exporter does): storage, partial success, keys and project scope, listener separation, refusals, malformed messages.
/// </summary>
public sealed class OtlpGrpcTests(OtlpGrpcServer server) : IClassFixture<OtlpGrpcServer>
{
    private static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> s_traces = new(
        MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
        Marshallers.Create(m => m.ToByteArray(), ExportTraceServiceRequest.Parser.ParseFrom),
        Marshallers.Create(m => m.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    private static readonly Method<ExportLogsServiceRequest, ExportLogsServiceResponse> s_logs = new(
        MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Export",
        Marshallers.Create(m => m.ToByteArray(), ExportLogsServiceRequest.Parser.ParseFrom),
        Marshallers.Create(m => m.ToByteArray(), ExportLogsServiceResponse.Parser.ParseFrom));

    /// <summary>Raw bytes both ways, to send messages that are not protobuf.</summary>
    private static readonly Method<byte[], byte[]> s_rawTraces = new(
        MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export",
        Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    private const string Chat = """{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}""";

    private static string ChatSpan(string spanId, string answer = "Paris.") => Span(spanId, string.Join(',', Chat,
        Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Capital of France?"}]}]"""),
        Attr("gen_ai.output.messages", $$"""[{"role":"assistant","parts":[{"type":"reasoning","content":"Geography."},{"type":"text","content":"{{answer}}"}]}]""")));

    private static ExportTraceServiceRequest TraceRequest(string project, params string[] spans) => OtlpJson.Traces(Utf8(Traces(project, spans)));

    private GrpcChannel Channel(Uri? address = null) => GrpcChannel.ForAddress(address ?? server.GrpcAddress);

    private static Metadata Bearer(string? token) => token is null ? [] : new Metadata { { "authorization", "bearer " + token } };

    [Fact]
    public async Task Traces_over_grpc_are_stored_with_a_partial_success_for_spans_that_cannot_be()
    {
        var project = $"grpc-{Guid.NewGuid():N}"[..14];
        var good = NewSpanId();
        var request = TraceRequest(project, ChatSpan(good),
            Span(NewSpanId(), string.Join(',', Chat, Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"orphan"}]}]"""))));
        using var channel = Channel();
        var token = await server.KeyAsync(Role.Ingest, project);

        var answer = await channel.CreateCallInvoker().AsyncUnaryCall(s_traces, null, new CallOptions(Bearer(token)), request);
        var again = await channel.CreateCallInvoker().AsyncUnaryCall(s_traces, null, new CallOptions(Bearer(token)), request);

        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("no input messages", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, again.PartialSuccess.RejectedSpans);
        var stored = await server.Store.GetAsync(InteractionId(good), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("Paris.", stored.Stored.Interaction.Response);
        Assert.Equal("Geography.", stored.Stored.Interaction.Reasoning);
        Assert.Equal(project, stored.Stored.Interaction.Metadata.Project);
    }

    [Fact]
    public async Task Logs_over_grpc_are_joined_to_their_span()
    {
        var project = $"grpc-{Guid.NewGuid():N}"[..14];
        var spanId = NewSpanId();
        var token = await server.KeyAsync(Role.Ingest, project);
        using var channel = Channel();
        var logs = OtlpJson.Logs(Utf8(OtlpJsonBodies.Logs(
            LogRecord(spanId, "gen_ai.user.message", """{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Capital of Spain?"}}]}}"""),
            LogRecord(spanId, "gen_ai.choice", """{"kvlistValue":{"values":[{"key":"index","value":{"intValue":"0"}},{"key":"message","value":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Madrid."}}]}}}]}}"""))));

        var logAnswer = await channel.CreateCallInvoker().AsyncUnaryCall(s_logs, null, new CallOptions(Bearer(token)), logs);
        await channel.CreateCallInvoker().AsyncUnaryCall(s_traces, null, new CallOptions(Bearer(token)), TraceRequest(project, Span(spanId, Chat)));

        Assert.Null(logAnswer.PartialSuccess);
        var stored = await server.Store.GetAsync(InteractionId(spanId), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("Madrid.", stored.Stored.Interaction.Response);
    }

    /// <summary>The authorization matrix's columns for the two gRPC methods (HTTP's matrix cannot call gRPC).</summary>
    [Theory]
    [InlineData("none", StatusCode.Unauthenticated)]
    [InlineData("malformed", StatusCode.Unauthenticated)]
    [InlineData("ingest", StatusCode.OK)]
    [InlineData("reviewer", StatusCode.PermissionDenied)]
    [InlineData("lead", StatusCode.PermissionDenied)]
    [InlineData("admin", StatusCode.OK)]
    [InlineData("ingest@Q", StatusCode.PermissionDenied)]
    [InlineData("admin@Q", StatusCode.PermissionDenied)]
    public async Task Keys_and_project_scope_as_on_native_ingest(string caller, StatusCode expected)
    {
        var project = $"grpc-{Guid.NewGuid():N}"[..14];
        var token = caller switch
        {
            "none" => null,
            "malformed" => "nonsense",
            "ingest" => await server.KeyAsync(Role.Ingest, "*"),
            "reviewer" => await server.KeyAsync(Role.Reviewer, "*"),
            "lead" => await server.KeyAsync(Role.Lead, "*"),
            "admin" => await server.KeyAsync(Role.Admin, "*"),
            "ingest@Q" => await server.KeyAsync(Role.Ingest, "other-project"),
            _ => await server.KeyAsync(Role.Admin, "other-project"),
        };
        using var channel = Channel();

        var code = await CodeOf(() => channel.CreateCallInvoker().AsyncUnaryCall(s_traces, null, new CallOptions(Bearer(token)), TraceRequest(project, ChatSpan(NewSpanId()))).ResponseAsync);

        Assert.Equal(expected, code);
        if (caller is "ingest@Q" or "admin@Q" or "reviewer")
            Assert.Empty((await server.Store.QueryInteractionsAsync(new() { Project = project }, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Each_listener_serves_only_its_own_endpoints()
    {
        var token = await server.KeyAsync(Role.Ingest, "*");
        using var h2c = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var onGrpcListener = await h2c.GetAsync(new Uri(server.GrpcAddress, "healthz"));
        using var apiChannel = Channel(server.Address);

        var onApiListener = await CodeOf(() => apiChannel.CreateCallInvoker().AsyncUnaryCall(s_traces, null, new CallOptions(Bearer(token)), TraceRequest("p", ChatSpan(NewSpanId()))).ResponseAsync);

        Assert.Equal(HttpStatusCode.NotFound, onGrpcListener.StatusCode);
        Assert.NotEqual(StatusCode.OK, onApiListener);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public void Refusals_carry_retry_info_as_otlp_asks()
    {
        var refusal = OtlpGrpc.Refusal(StatusCode.Unavailable, "busy", TimeSpan.FromSeconds(5));

        Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
        var details = Assay.Server.Otlp.Grpc.Status.Parser.ParseFrom(refusal.Trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.Equal((int)StatusCode.Unavailable, details.Code);
        var retry = details.Details.Single().Unpack<Assay.Server.Otlp.Grpc.RetryInfo>();
        Assert.Equal(TimeSpan.FromSeconds(5), retry.RetryDelay.ToTimeSpan());
    }

    /// <summary>Mutated protobuf messages (truncated, bytes flipped, random) never hang nor break the server.</summary>
    /// <remarks>What protobuf cannot parse is INVALID_ARGUMENT, never UNKNOWN or INTERNAL (which exporters may retry).</remarks>
    [Fact]
    public async Task Malformed_messages_are_refused_or_stored_nothing_and_the_server_carries_on()
    {
        var token = await server.KeyAsync(Role.Ingest, "*");
        var valid = TraceRequest("fuzz", ChatSpan(NewSpanId())).ToByteArray();
        var random = new Random(11);
        using var channel = Channel();
        var before = (await server.Store.CountAsync(CancellationToken.None)).Interactions;
        var codes = new HashSet<StatusCode>();
        for (var i = 0; i < 60; i++)
        {
            var body = (byte[])valid.Clone();
            switch (i % 3)
            {
                case 0: body = body[..random.Next(1, body.Length)]; break;
                case 1:
                    for (var flips = 0; flips < 4; flips++)
                        body[random.Next(body.Length)] = (byte)random.Next(256);
                    break;
                default: random.NextBytes(body); break;
            }

            codes.Add(await CodeOf(() => channel.CreateCallInvoker().AsyncUnaryCall(s_rawTraces, null, new CallOptions(Bearer(token), deadline: DateTime.UtcNow.AddSeconds(10)), body).ResponseAsync));
        }

        Assert.DoesNotContain(StatusCode.DeadlineExceeded, codes);
        Assert.Contains(StatusCode.InvalidArgument, codes);
        Assert.All(codes, c => Assert.Contains(c, new[] { StatusCode.OK, StatusCode.InvalidArgument }));
        var good = NewSpanId();
        await channel.CreateCallInvoker().AsyncUnaryCall(s_traces, null, new CallOptions(Bearer(token)), TraceRequest("fuzz", ChatSpan(good)));
        Assert.NotNull(await server.Store.GetAsync(InteractionId(good), CancellationToken.None));
        Assert.True((await server.Store.CountAsync(CancellationToken.None)).Interactions - before <= 61);
    }

    [Fact]
    public async Task Export_of_bytes_that_are_not_protobuf_is_invalid_argument_with_a_message()
    {
        var token = await server.KeyAsync(Role.Ingest, "*");
        using var channel = Channel();
        // Field 1, length-delimited, claiming 100 bytes where there are 2: a truncated message.
        byte[] truncated = [0x0A, 0x64, 0x01, 0x02];

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker()
            .AsyncUnaryCall(s_rawTraces, null, new CallOptions(Bearer(token), deadline: DateTime.UtcNow.AddSeconds(10)), truncated).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid ExportTraceServiceRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<StatusCode> CodeOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
