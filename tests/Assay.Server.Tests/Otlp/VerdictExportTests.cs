using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Assay.Otlp.Proto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static Assay.Server.Tests.Otlp.OtlpJsonBodies;

namespace Assay.Server.Tests.Otlp;

/// <summary>
/// A tiny OTLP/HTTP logs receiver on Kestrel at 127.0.0.1 that decodes the protobuf it is sent, keeping each record with
/// the request's <c>x-tenant</c> header. It refuses (400) any request holding a record of an interaction whose id starts
/// with <c>refuse-</c>.
/// </summary>
public sealed class LogsReceiver : IAsyncLifetime
{
    private WebApplication? _app;

    public ConcurrentQueue<(LogRecord Record, string? Tenant)> Records { get; } = new();

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var export = ExportLogsServiceRequest.Parser.ParseFrom(body.ToArray());
            var records = export.ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).ToList();
            if (records.Any(r => Attribute(r, "assay.interaction.id")?.StartsWith("refuse-", StringComparison.Ordinal) == true))
                return Results.BadRequest();
            foreach (var record in records)
                Records.Enqueue((record, request.Headers["x-tenant"].FirstOrDefault()));
            return Results.Bytes(Array.Empty<byte>(), "application/x-protobuf");
        });
        await _app.StartAsync();
        Address = new Uri(_app.Urls.First());
    }

    public static string? Attribute(LogRecord record, string key) => record.Attributes.FirstOrDefault(a => a.Key == key)?.Value.StringValue;

    public async Task DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}

/// <summary>An Assay server exporting its verdicts to a <see cref="LogsReceiver"/> of its own, with a header.</summary>
public sealed class VerdictExportServer : AssayTestServer, IAsyncLifetime
{
    public LogsReceiver Receiver { get; } = new();

    public override async Task InitializeAsync()
    {
        await Receiver.InitializeAsync();
        await base.InitializeAsync();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    // The base address only: the exporter appends v1/logs, as OTEL_EXPORTER_OTLP_ENDPOINT does.
    protected override AssayServerOptions Configure(AssayServerOptions options) => options with
    {
        VerdictExport = new Assay.Server.Otlp.VerdictExportOptions { Endpoint = Receiver.Address, Headers = new Dictionary<string, string> { ["x-tenant"] = "team-a" } },
    };
}

/// <summary>Flags exported as <c>gen_ai.evaluation.result</c> log records to a real OTLP receiver on loopback.</summary>
public sealed class VerdictExportTests(VerdictExportServer server) : IClassFixture<VerdictExportServer>
{
    [Fact]
    public async Task Flags_are_exported_parented_to_the_otlp_span_or_naming_the_response_with_rule_category_severity_and_explanation()
    {
        var spanId = NewSpanId();
        var span = Span(spanId, string.Join(',', Attr("gen_ai.operation.name", "chat"),
            Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Who owns the account?"}]}]"""),
            Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Mail owner@example.org."}]}]""")));
        using (var content = new ByteArrayContent(Utf8(Traces("verdicts", span))))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var exported = await server.Http.PostAsync(new Uri("v1/traces", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        }

        var nativeId = "native-" + Guid.NewGuid().ToString("N");
        using (var native = await server.PostAsync(Some.Interaction(nativeId, response: "Write to someone@example.org.").ToJsonString()))
            Assert.Equal(HttpStatusCode.Accepted, native.StatusCode);

        var otlp = await RecordOfAsync(InteractionId(spanId));
        var other = await RecordOfAsync(nativeId);

        Assert.Equal("gen_ai.evaluation.result", otlp.Record.EventName);
        Assert.Equal(Convert.FromHexString(TraceId), otlp.Record.TraceId.ToByteArray());
        Assert.Equal(Convert.FromHexString(spanId), otlp.Record.SpanId.ToByteArray());
        Assert.Null(LogsReceiver.Attribute(otlp.Record, "gen_ai.response.id"));
        Assert.Equal("pii.email", LogsReceiver.Attribute(otlp.Record, "gen_ai.evaluation.name"));
        Assert.Equal("pii-leak medium", LogsReceiver.Attribute(otlp.Record, "gen_ai.evaluation.score.label"));
        Assert.StartsWith("pii-leak (medium): ", LogsReceiver.Attribute(otlp.Record, "gen_ai.evaluation.explanation"), StringComparison.Ordinal);
        Assert.Equal(13, otlp.Record.SeverityNumber);
        Assert.Equal("team-a", otlp.Tenant);
        Assert.True(other.Record.TraceId.IsEmpty);
        Assert.Equal(nativeId, LogsReceiver.Attribute(other.Record, "gen_ai.response.id"));
        var status = (await server.GetJsonAsync("v1/otlp/status")).GetProperty("verdict_export");
        Assert.True(status.GetProperty("sent").GetInt64() >= 2);
    }

    [Fact]
    public async Task A_refused_export_is_counted_as_failed_and_the_pipeline_carries_on()
    {
        var refusedId = "refuse-" + Guid.NewGuid().ToString("N");
        using (var posted = await server.PostAsync(Some.Interaction(refusedId, response: "Mail boss@example.org.").ToJsonString()))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        await server.WaitUntilProcessedAsync(refusedId);
        var clock = Stopwatch.StartNew();
        while ((await server.GetJsonAsync("v1/otlp/status")).GetProperty("verdict_export").GetProperty("failed").GetInt64() == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the refused export was not counted as failed within 15 s");
            await Task.Delay(100);
        }

        Assert.DoesNotContain(server.Receiver.Records, r => LogsReceiver.Attribute(r.Record, "assay.interaction.id") == refusedId);
    }

    /// <summary>Waits until the receiver holds a record of <paramref name="interactionId"/>; at most 15 s.</summary>
    private async Task<(LogRecord Record, string? Tenant)> RecordOfAsync(string interactionId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            foreach (var record in server.Receiver.Records)
            {
                if (LogsReceiver.Attribute(record.Record, "assay.interaction.id") == interactionId)
                    return record;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no verdict record of {interactionId} within 15 s");
    }
}
