using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Assay.Server.Tests.Security;

/// <summary>Generates the requests of an API fuzz run: request <c>i</c> depends only on the seed, <c>i</c> and the endpoint.</summary>
/// <param name="pathValues">Real values for each path parameter by name (for example <c>taskId</c>).</param>
internal sealed class ApiRequestGenerator(int seed, IReadOnlyDictionary<string, IReadOnlyList<string>> pathValues)
{
    private static readonly string?[] s_wrongTypes =
    [
        null, "text/plain", "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/x-ndjson",
        "application/problem+json", "APPLICATION/JSON", "application/json;;", "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded", "*/*", "application/json; charset=\"", "text/json", "application/jsonx", "",
        "application/json, text/plain", "application/json; charset=utf-8; charset=utf-16",
    ];

    public FuzzRequest Next(FuzzEndpoint endpoint, int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var path = Fill(endpoint.Template, random);
        var ingest = endpoint.Template == "/v1/interactions";
        var lengths = ingest ? new[] { 256, 257, 10_000, 100_000, 400_000 } : [100, 101, 201, 10_000, 10_001, 30_000, 70_000];
        var mutator = new JsonMutator(random, lengths);
        var ndjson = ingest && random.Next(4) == 0;
        if (endpoint.Template is "/v1/traces" or "/v1/logs" && random.Next(3) == 0)
            return Protobuf(endpoint, path, random, index);
        byte[] body;
        string generator;
        if (ndjson)
            (body, generator) = Ndjson(random, mutator, index);
        else
        {
            var seeds = Seeds(endpoint, random, index);
            var valid = seeds[random.Next(seeds.Count)];
            (body, generator) = random.Next(12) == 0 ? (Encoding.UTF8.GetBytes(valid.ToJsonString()), "valid") : mutator.Mutate(valid);
        }

        var correct = ndjson ? "application/x-ndjson" : "application/json";
        var contentType = random.Next(10) < 7 ? correct : s_wrongTypes[random.Next(s_wrongTypes.Length)];
        return new FuzzRequest(index, endpoint.Method, path, generator, body, contentType, Chunked: random.Next(10) == 0,
            ContentEncoding: random.Next(40) == 0 ? (random.Next(2) == 0 ? "gzip" : "identity") : null);
    }

    /// <summary>Valid bodies for the endpoint: known shapes for the endpoints Assay has, and the schema's example for any other.</summary>
    private static List<JsonNode> Seeds(FuzzEndpoint endpoint, Random random, int index)
    {
        var seeds = new List<JsonNode>();
        var template = endpoint.Template;
        if (template == "/v1/interactions")
        {
            seeds.Add(Interaction(index, 0));
            seeds.Add(new JsonArray([.. Enumerable.Range(0, random.Next(1, 4)).Select(k => (JsonNode)Interaction(index, k))]));
        }
        else if (template.EndsWith("/labels", StringComparison.Ordinal) || template.EndsWith("/mine", StringComparison.Ordinal) || template.EndsWith("/adjudication", StringComparison.Ordinal))
        {
            seeds.Add(new JsonObject { ["categories"] = new JsonArray("hallucination"), ["severity"] = "high", ["note"] = "n", ["seconds"] = 3 });
            seeds.Add(new JsonObject { ["categories"] = new JsonArray("pii-leak", "manipulation"), ["severity"] = "low", ["note"] = null, ["seconds"] = 0.5 });
            seeds.Add(new JsonObject { ["no_failure"] = true });
        }
        else if (template is "/v1/traces" or "/v1/logs")
        {
            seeds.Add(Otlp(template, index));
        }
        else if (template.StartsWith("/v1/keys", StringComparison.Ordinal))
        {
            seeds.Add(new JsonObject { ["name"] = "x", ["role"] = "reviewer", ["project"] = "*" });
            seeds.Add(new JsonObject { ["name"] = "fuzz", ["role"] = "ingest", ["project"] = "p-fuzz", ["expires_at"] = "2099-01-31T00:00:00Z" });
        }

        if (endpoint.Example is not null)
            seeds.Add(endpoint.Example.DeepClone());
        if (seeds.Count == 0)
            seeds.Add(new JsonObject());
        return seeds;
    }

    /// <summary>An OTLP protobuf body, valid or with bytes flipped, cut, inserted or gzip-compressed (sometimes only labelled so).</summary>
    private static FuzzRequest Protobuf(FuzzEndpoint endpoint, string path, Random random, int index)
    {
        var json = Encoding.UTF8.GetBytes(Otlp(endpoint.Template, index).ToJsonString());
        var body = endpoint.Template == "/v1/traces"
            ? Google.Protobuf.MessageExtensions.ToByteArray(Assay.Otlp.OtlpJson.Traces(json))
            : Google.Protobuf.MessageExtensions.ToByteArray(Assay.Otlp.OtlpJson.Logs(json));
        string generator;
        switch (random.Next(5))
        {
            case 0:
                generator = "protobuf-valid";
                break;
            case 1:
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                generator = "protobuf-flipped";
                break;
            case 2:
                body = body[..random.Next(body.Length)];
                generator = "protobuf-cut";
                break;
            case 3:
                var extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                body = [.. body[..(body.Length / 2)], .. extra, .. body[(body.Length / 2)..]];
                generator = "protobuf-inserted";
                break;
            default:
                using (var output = new MemoryStream())
                {
                    using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
                        gzip.Write(body);
                    body = output.ToArray();
                }

                if (random.Next(2) == 0)
                    body = body[..random.Next(body.Length)];
                return new FuzzRequest(index, endpoint.Method, path, "protobuf-gzip", body, "application/x-protobuf", Chunked: random.Next(10) == 0, ContentEncoding: "gzip");
        }

        return new FuzzRequest(index, endpoint.Method, path, generator, body, "application/x-protobuf", Chunked: random.Next(10) == 0,
            ContentEncoding: random.Next(20) == 0 ? "gzip" : null);
    }

    /// <summary>A valid OTLP/JSON export: a GenAI span with messages, or the message log records of one.</summary>
    private static JsonNode Otlp(string template, int index)
    {
        var spanId = (index + 1).ToString("x16", CultureInfo.InvariantCulture);
        var text = template == "/v1/traces"
            ? Tests.Otlp.OtlpJsonBodies.Traces("p-fuzz", Tests.Otlp.OtlpJsonBodies.Span(spanId, string.Join(',',
                Tests.Otlp.OtlpJsonBodies.Attr("gen_ai.operation.name", "chat"), Tests.Otlp.OtlpJsonBodies.Int("gen_ai.usage.input_tokens", 3),
                Tests.Otlp.OtlpJsonBodies.Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"q"}]}]"""),
                Tests.Otlp.OtlpJsonBodies.Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"reasoning","content":"r"},{"type":"text","content":"a"}]}]"""))))
            : Tests.Otlp.OtlpJsonBodies.Logs(
                Tests.Otlp.OtlpJsonBodies.LogRecord(spanId, "gen_ai.user.message", """{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"q"}}]}}"""),
                Tests.Otlp.OtlpJsonBodies.LogRecord(spanId, "gen_ai.choice", """{"kvlistValue":{"values":[{"key":"index","value":{"intValue":"0"}}]}}"""));
        return JsonNode.Parse(text)!;
    }

    private static JsonObject Interaction(int index, int item) =>
        Some.Interaction(string.Create(CultureInfo.InvariantCulture, $"fz-{index}-{item}"));

    /// <summary>An NDJSON body whose lines are valid, mutated or blank, in a random mix.</summary>
    private static (byte[] Body, string Name) Ndjson(Random random, JsonMutator mutator, int index)
    {
        var body = new List<byte>();
        var names = new List<string>();
        var lines = random.Next(1, 13);
        for (var line = 0; line < lines; line++)
        {
            var kind = random.Next(10);
            if (kind < 5)
            {
                body.AddRange(Encoding.UTF8.GetBytes(Interaction(index, line).ToJsonString()));
                names.Add("ok");
            }
            else if (kind < 9)
            {
                var (bytes, name) = mutator.Mutate(Interaction(index, line));
                body.AddRange(bytes);
                names.Add(name);
            }
            else
            {
                body.AddRange(" \t"u8.ToArray());
                names.Add("blank");
            }

            if (line < lines - 1 || random.Next(3) > 0)
                body.AddRange(random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
        }

        if (random.Next(15) == 0)
            body.InsertRange(0, [0xEF, 0xBB, 0xBF]);
        return ([.. body], "ndjson[" + string.Join(',', names) + "]");
    }

    private string Fill(string template, Random random)
    {
        var path = new StringBuilder();
        var rest = template.AsSpan();
        while (rest.IndexOf('{') is var open and >= 0)
        {
            var close = rest.IndexOf('}');
            var name = rest[(open + 1)..close].ToString();
            if (!pathValues.TryGetValue(name, out var values))
                throw new InvalidOperationException($"no real value for the path parameter {{{name}}} of {template}: add one to the fuzz test's path values");
            path.Append(rest[..open]).Append(Uri.EscapeDataString(values[random.Next(values.Count)]));
            rest = rest[(close + 1)..];
        }

        return path.Append(rest).ToString();
    }
}
