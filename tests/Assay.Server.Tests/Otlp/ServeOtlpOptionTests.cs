using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static Assay.Server.Tests.Otlp.OtlpJsonBodies;

namespace Assay.Server.Tests.Otlp;

/// <summary><c>assay serve --otlp-project-attribute / --otlp-model-version-attribute</c> as a real process: the attributes it reads, and bad values.</summary>
public sealed class ServeOtlpOptionTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Serve_maps_project_and_model_version_from_the_configured_attributes()
    {
        using var database = new TempDatabase();
        var url = $"http://127.0.0.1:{AssayProcess.FreePort()}";
        using var serve = AssayProcess.Start("serve", "--db", database.Path, "--urls", url, "--no-auth",
            "--otlp-project-attribute", "deployment.name", "--otlp-model-version-attribute", "app.model_version");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        await serve.WaitUntilHealthyAsync(url);
        var spanId = NewSpanId();
        // service.name and assay.model_version (the defaults) say otherwise: only the configured attributes may count.
        var span = Span(spanId, string.Join(',', Attr("gen_ai.operation.name", "chat"), Attr("app.model_version", "2026-12-01"),
            Attr("assay.model_version", "default-attribute"),
            Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Hello?"}]}]"""),
            Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"Hello."}]}]""")));
        var body = $$"""
            {"resourceSpans":[{"resource":{"attributes":[{{Attr("service.name", "checkout-service")}},{{Attr("deployment.name", "billing")}}]},
              "scopeSpans":[{"scope":{"name":"test"},"spans":[{{span}}]}]}]}
            """;

        using var content = new ByteArrayContent(Utf8(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri("v1/traces", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await http.GetFromJsonAsync<JsonElement>($"v1/interactions/{InteractionId(spanId)}")).GetProperty("interaction");
        Assert.Equal("billing", stored.GetProperty("metadata").GetProperty("project").GetString());
        Assert.Equal("2026-12-01", stored.GetProperty("model_version").GetString());
    }

    [Theory]
    [InlineData("--otlp-project-attribute")]
    [InlineData("--otlp-model-version-attribute")]
    public async Task Serve_refuses_an_empty_otlp_attribute_with_one_line_and_starts_nothing(string option)
    {
        using var database = new TempDatabase();

        using var serve = AssayProcess.Start("serve", "--db", database.Path, "--urls", "http://127.0.0.1:0", option, " ");

        Assert.NotEqual(0, await serve.WaitForExitAsync(s_timeout));
        Assert.Contains($"{option} must name an attribute", serve.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(database.Path));
    }

    [Theory]
    [InlineData("--otlp-export-endpoint", "ftp://collector.test:4318", "--otlp-export-endpoint must be an absolute http(s) URL, not 'ftp://collector.test:4318'")]
    [InlineData("--otlp-export-headers", "authorization", "--otlp-export-headers: 'authorization' is not key=value")]
    public async Task Serve_refuses_a_bad_verdict_export_option_with_one_line_and_starts_nothing(string option, string value, string message)
    {
        using var database = new TempDatabase();

        using var serve = AssayProcess.Start("serve", "--db", database.Path, "--urls", "http://127.0.0.1:0", option, value);

        Assert.NotEqual(0, await serve.WaitForExitAsync(s_timeout));
        Assert.Contains(message, serve.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(database.Path));
    }
}
