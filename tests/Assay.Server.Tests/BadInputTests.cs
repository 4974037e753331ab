using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Assay.Server.Tests;

/// <summary>Every kind of bad ingest request gets an RFC 7807 problem naming the fault, and nothing is stored.</summary>
public sealed class BadInputTests(LimitedAssayServer server) : IClassFixture<LimitedAssayServer>
{
    private const string Json = "application/json";
    private const string Ndjson = "application/x-ndjson";

    private static readonly Dictionary<string, BadInput> s_cases = new()
    {
        ["malformed JSON"] = new(Some.Utf8("""{"id": "a",, "model": "m"}"""), 400, ""),
        ["truncated JSON"] = new(Some.Utf8(Some.Interaction().ToJsonString()[..60]), 400, ""),
        ["invalid UTF-8"] = new([.. Some.Utf8("""{"id": "caf"""), 0xC3, 0x28, .. Some.Utf8("\"}")], 400, ""),
        ["invalid UTF-8 in NDJSON"] = new([.. Some.Utf8(Some.Interaction().ToJsonString() + "\n{\"id\": \""), 0xFF, .. Some.Utf8("\"}\n")], 400, "", Ndjson),
        ["empty body"] = new([], 400, null),
        ["whitespace-only NDJSON"] = new(Some.Utf8("\n  \n\r\n"), 400, "", Ndjson),
        ["not an object"] = new(Some.Utf8("42"), 400, ""),
        ["too deeply nested"] = new(Some.Utf8(new string('[', 100) + new string(']', 100)), 400, ""),
        ["id is a number"] = Field(o => o["id"] = 42, "/id"),
        ["id is empty"] = Field(o => o["id"] = " ", "/id"),
        ["id is too long"] = Field(o => o["id"] = new string('x', 65), "/id"),
        ["model is a boolean"] = Field(o => o["model"] = true, "/model"),
        ["model is empty"] = Field(o => o["model"] = "", "/model"),
        ["response is an object"] = Field(o => o["response"] = new JsonObject(), "/response"),
        ["reasoning is an array"] = Field(o => o["reasoning"] = new JsonArray(), "/reasoning"),
        ["input is a string"] = Field(o => o["input"] = "hello", "/input"),
        ["message is a string"] = Field(o => o["input"]![0] = "hello", "/input/0"),
        ["role is a number"] = Field(o => o["input"]![1]!["role"] = 1, "/input/1/role"),
        ["content is an array"] = Field(o => o["input"]![1]!["content"] = new JsonArray("a"), "/input/1/content"),
        ["samples is a string"] = Field(o => o["samples"] = "one", "/samples"),
        ["sample is a number"] = Field(o => o["samples"] = new JsonArray("one", 2), "/samples/1"),
        ["too many samples"] = Field(o => o["samples"] = new JsonArray("a", "b", "c", "d"), "/samples"),
        ["metadata is a string"] = Field(o => o["metadata"] = "x", "/metadata"),
        ["tags is an array"] = Field(o => o["metadata"]!["tags"] = new JsonArray("a"), "/metadata/tags"),
        ["tag value is an object"] = Field(o => o["metadata"]!["tags"]!["nested"] = new JsonObject(), "/metadata/tags/nested"),
        ["too many tags"] = Field(o => o["metadata"]!["tags"] = new JsonObject { ["a"] = 1, ["b"] = 2, ["c"] = 3, ["d"] = 4 }, "/metadata/tags"),
        ["project is a number"] = Field(o => o["metadata"]!["project"] = 7, "/metadata/project"),
        ["usage is a string"] = Field(o => o["usage"] = "lots", "/usage"),
        ["latency_ms is a string"] = Field(o => o["latency_ms"] = "fast", "/latency_ms"),
        ["latency_ms is negative"] = Field(o => o["latency_ms"] = -1, "/latency_ms"),
        ["missing id"] = Field(o => o.Remove("id"), "/id"),
        ["id is null"] = Field(o => o["id"] = null, "/id"),
        ["missing model"] = Field(o => o.Remove("model"), "/model"),
        ["missing input"] = Field(o => o.Remove("input"), "/input"),
        ["missing response"] = Field(o => o.Remove("response"), "/response"),
        ["missing role"] = Field(o => o["input"]![1]!.AsObject().Remove("role"), "/input/1/role"),
        ["unknown role"] = Field(o => o["input"]![1]!["role"] = "wizard", "/input/1/role"),
        ["unknown top-level field"] = Field(o => o["colour"] = "blue", "/colour"),
        ["unknown field with a slash"] = Field(o => o["a/b"] = 1, "/a~1b"),
        ["unknown message field"] = Field(o => o["input"]![0]!["name"] = "bob", "/input/0/name"),
        ["unknown metadata field"] = Field(o => o["metadata"]!["team"] = "core", "/metadata/team"),
        ["unknown usage field"] = Field(o => o["usage"]!["cached_tokens"] = 1, "/usage/cached_tokens"),
        ["negative token count"] = Field(o => o["usage"]!["output_tokens"] = -3, "/usage/output_tokens"),
        ["fractional token count"] = Field(o => o["usage"]!["input_tokens"] = 1.5, "/usage/input_tokens"),
        ["timestamp without offset"] = Field(o => o["timestamp"] = "2026-11-27T10:00:00", "/timestamp"),
        ["timestamp not a date"] = Field(o => o["timestamp"] = "yesterday", "/timestamp"),
        ["timestamp is a number"] = Field(o => o["timestamp"] = 1_700_000_000, "/timestamp"),
        ["empty input array"] = Field(o => o["input"] = new JsonArray(), "/input"),
        ["too many messages"] = Field(o => o["input"] = new JsonArray([.. Enumerable.Range(0, 5).Select(_ => new JsonObject { ["role"] = "user", ["content"] = "hi" })]), "/input"),
        ["oversize body"] = new(Some.Utf8(Some.Ndjson(Enumerable.Range(0, 5).Select(_ => Some.Interaction(response: new string('a', 3500))))), 413, null, Ndjson, Header: "Content-Length"),
        ["oversize body, chunked"] = new(Some.Utf8(Some.Ndjson(Enumerable.Range(0, 5).Select(_ => Some.Interaction(response: new string('a', 3500))))), 413, null, Ndjson, Chunked: true),
        ["oversize interaction"] = new(Some.Utf8(Some.Interaction(response: new string('a', 5000)).ToJsonString()), 400, ""),
        ["oversize interaction in an array"] = new(Some.Utf8(new JsonArray(Some.Interaction(response: new string('a', 5000))).ToJsonString()), 400, "/0"),
        ["no content type"] = new(Some.Utf8(Some.Interaction().ToJsonString()), 415, null, ContentType: null, Header: "Content-Type"),
        ["unknown content type"] = new(Some.Utf8(Some.Interaction().ToJsonString()), 415, null, "text/plain", Header: "Content-Type"),
        ["form content type"] = new(Some.Utf8("id=1"), 415, null, "application/x-www-form-urlencoded", Header: "Content-Type"),
        ["unsupported charset"] = new(Some.Utf8(Some.Interaction().ToJsonString()), 415, null, "application/json; charset=iso-8859-1", Header: "Content-Type"),
        ["gzip content encoding"] = new(Some.Utf8(Some.Interaction().ToJsonString()), 415, null, ContentEncoding: "gzip", Header: "Content-Encoding"),
        ["too many array items"] = new(Some.Utf8(new JsonArray([.. Enumerable.Range(0, 6).Select(_ => Some.Interaction())]).ToJsonString()), 400, ""),
        ["too many NDJSON lines"] = new(Some.Utf8(Some.Ndjson(Enumerable.Range(0, 6).Select(_ => Some.Interaction()))), 400, "", Ndjson),
        ["array of zero items"] = new(Some.Utf8("[]"), 400, ""),
        ["array with only invalid items"] = new(Some.Utf8(new JsonArray(new JsonObject { ["id"] = "x" }, 7).ToJsonString()), 400, "/0/model"),
        ["NDJSON with only invalid lines"] = new(Some.Utf8("{\"id\": 1}\nnot json\n"), 400, "/id", Ndjson),
        ["lone surrogate in id"] = Raw(o => o["id"] = "LONE", "\\ud800", "/id"),
        ["lone surrogate in response"] = Raw(o => o["response"] = "aLONEb", "\\udc00", "/response"),
        ["lone surrogate in content"] = Raw(o => o["input"]![1]!["content"] = "LONE", "\\uD83D", "/input/1/content"),
        ["lone surrogate in a sample"] = Raw(o => o["samples"] = new JsonArray("ok", "LONE"), "\\ud800", "/samples/1"),
        ["lone surrogate in a tag value"] = Raw(o => o["metadata"]!["tags"]!["suite"] = "LONE", "\\ud800", "/metadata/tags/suite"),
        ["lone surrogate in a tag key"] = Raw(o => o["metadata"]!["tags"]!["LONE"] = 1, "\\ud800", "/metadata/tags/\\ud800"),
        ["lone surrogate in a field name"] = Raw(o => o["LONE"] = 1, "\\ud800", "/\\ud800"),
        ["duplicate id"] = Raw(o => o["id"] = "DUP", "d1\",\"id\":\"d2", "/id"),
        ["duplicate escaped id"] = Raw(o => o["id"] = "DUP", "d1\",\"i\\u0064\":\"d2", "/id"),
        ["duplicate role"] = Raw(o => o["input"]![1]!["role"] = "DUP", "user\",\"role\":\"user", "/input/1/role"),
        ["duplicate in the only NDJSON line"] = new(Some.Utf8(Some.Changed(o => o["id"] = "DUP").Replace("DUP", "d1\",\"id\":\"d2", StringComparison.Ordinal) + "\n"), 400, "/id", Ndjson),
    };

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in s_cases.Keys)
                data.Add(name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_bad_input_is_a_problem_and_stores_nothing(string name)
    {
        var bad = s_cases[name];
        var before = await server.WaitUntilAllProcessedAsync();

        using var response = await SendAsync(bad);

        await ProblemAssert.IsProblemAsync(response, bad.Status, pointer: bad.Pointer, header: bad.Header);
        Assert.Equal(before, await server.Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Post_with_every_problem_at_once_lists_each_field()
    {
        var body = Some.Changed(o =>
        {
            o["id"] = 1;
            o.Remove("model");
            o["input"]![1]!["role"] = "wizard";
            o["usage"]!["output_tokens"] = -1;
        });

        using var response = await server.PostAsync(body);

        var problem = await ProblemAssert.IsProblemAsync(response, 400, pointer: "/id");
        var pointers = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).ToList();
        Assert.Equal(["/id", "/input/1/role", "/model", "/usage/output_tokens"], pointers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Case_list_covers_at_least_twenty_kinds() => Assert.True(s_cases.Count >= 20, $"{s_cases.Count} cases");

    private static BadInput Field(Action<JsonObject> change, string pointer) => new(Some.Utf8(Some.Changed(change)), 400, pointer);

    /// <summary>A change the JSON writer would not make (a lone surrogate escape, a repeated name), spliced into the text at a marker.</summary>
    private static BadInput Raw(Action<JsonObject> change, string raw, string pointer)
    {
        var json = Some.Changed(change);
        var marker = json.Contains("LONE", StringComparison.Ordinal) ? "LONE" : "DUP";
        return new(Some.Utf8(json.Replace(marker, raw, StringComparison.Ordinal)), 400, pointer);
    }

    private async Task<HttpResponseMessage> SendAsync(BadInput bad)
    {
        using HttpContent content = bad.Chunked ? new StreamContent(new MemoryStream(bad.Body)) : new ByteArrayContent(bad.Body);
        if (bad.ContentType is not null)
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
        if (bad.ContentEncoding is not null)
            content.Headers.ContentEncoding.Add(bad.ContentEncoding);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/interactions", UriKind.Relative)) { Content = content };
        if (bad.Chunked)
            request.Headers.TransferEncodingChunked = true;
        // A refused request may leave its body unread, and Kestrel then closes that connection: a fresh
        // connection per case keeps the next case from racing that close on a pooled one.
        request.Headers.ConnectionClose = true;
        return await server.Http.SendAsync(request);
    }
}
