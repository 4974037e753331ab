using System.Text;
using System.Text.Json;
using Assay.Domain;
using Assay.Ingest;

namespace Assay.Core.Tests.Ingest;

public sealed class InteractionParserTests
{
    private readonly InteractionParser _parser = new(IngestLimits.Default);

    private (ParsedInteraction? Value, List<IngestProblem> Problems) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (value, _, problems) = _parser.Parse(document.RootElement, "");
        return (value, problems);
    }

    [Fact]
    public void Parse_full_interaction_reads_every_field()
    {
        var (value, problems) = Parse("""
            {"id":"x","timestamp":"2026-11-27T10:15:00+01:00","model":"atlas","model_version":"v2",
             "input":[{"role":"system","content":"be nice"},{"role":"user","content":"hi"}],
             "response":"hello","reasoning":"greet","samples":["hey"],
             "metadata":{"project":"p","user_id":"u","session_id":"s","risk":"high","tags":{"b":"2","a":1,"c":true}},
             "usage":{"input_tokens":3,"output_tokens":1,"reasoning_tokens":2},"latency_ms":12.5}
            """);

        Assert.Empty(problems);
        var interaction = value!.Interaction;
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 15, 0, TimeSpan.Zero), interaction.Timestamp);
        Assert.Equal(MessageRole.System, interaction.Input[0].Role);
        Assert.Equal("high", interaction.Metadata.Risk);
        Assert.Equal(["a", "b", "c"], interaction.Metadata.Tags.Keys);
        Assert.Equal("1", interaction.Metadata.Tags["a"]);
        Assert.Equal("true", interaction.Metadata.Tags["c"]);
        Assert.Equal(2, interaction.Usage!.ReasoningTokens);
        Assert.Equal(12.5, interaction.LatencyMs);
    }

    [Fact]
    public void Canonical_json_is_snake_case_and_round_trips()
    {
        var (value, _) = Parse("""{"id":"x","model":"m","model_version":"v","input":[{"role":"user","content":"q"}],"response":"r"}""");
        var json = Encoding.UTF8.GetString(value!.CanonicalJson);

        Assert.Contains("\"model_version\":\"v\"", json, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"user\"", json, StringComparison.Ordinal);
        var (again, problems) = Parse(json);
        Assert.Empty(problems);
        Assert.Equal(value.ContentHash, again!.ContentHash);
    }

    [Fact]
    public void Content_hash_ignores_key_order_and_whitespace_but_not_content()
    {
        var a = Parse("""{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","metadata":{"tags":{"k":"1","j":"2"}}}""").Value!;
        var b = Parse("""{ "response" : "r", "metadata":{"tags":{"j":"2","k":"1"}}, "input":[{"content":"q","role":"user"}],"model":"m","id":"x" }""").Value!;
        var c = Parse("""{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r!","metadata":{"tags":{"k":"1","j":"2"}}}""").Value!;

        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
        Assert.Equal(64, a.ContentHash.Length);
    }

    public static TheoryData<string, string> BadInteractions() => new()
    {
        { """{"model":"m","input":[{"role":"user","content":"q"}],"response":"r"}""", "/id" },
        { """{"id":"x","input":[{"role":"user","content":"q"}],"response":"r"}""", "/model" },
        { """{"id":"x","model":"m","response":"r"}""", "/input" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}]}""", "/response" },
        { """{"id":7,"model":"m","input":[{"role":"user","content":"q"}],"response":"r"}""", "/id" },
        { """{"id":"","model":"m","input":[{"role":"user","content":"q"}],"response":"r"}""", "/id" },
        { """{"id":"x","model":"m","input":"q","response":"r"}""", "/input" },
        { """{"id":"x","model":"m","input":[],"response":"r"}""", "/input" },
        { """{"id":"x","model":"m","input":["q"],"response":"r"}""", "/input/0" },
        { """{"id":"x","model":"m","input":[{"role":"judge","content":"q"}],"response":"r"}""", "/input/0/role" },
        { """{"id":"x","model":"m","input":[{"role":"user"}],"response":"r"}""", "/input/0/content" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q","name":"n"}],"response":"r"}""", "/input/0/name" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":["r"]}""", "/response" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","reponse":"typo"}""", "/reponse" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","timestamp":"yesterday"}""", "/timestamp" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","timestamp":"2026-11-27T10:15:00"}""", "/timestamp" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","samples":"s"}""", "/samples" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","samples":[1]}""", "/samples/0" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","metadata":[]}""", "/metadata" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","metadata":{"owner":"me"}}""", "/metadata/owner" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","metadata":{"tags":{"a/b":{"x":1}}}}""", "/metadata/tags/a~1b" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","usage":{"input_tokens":-1}}""", "/usage/input_tokens" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","usage":{"output_tokens":1.5}}""", "/usage/output_tokens" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","latency_ms":-3}""", "/latency_ms" },
        { """{"id":"x","model":"m","input":[{"role":"user","content":"q"}],"response":"r","latency_ms":"fast"}""", "/latency_ms" },
        { "[1]", "" },
    };

    [Theory]
    [MemberData(nameof(BadInteractions))]
    public void Parse_bad_interaction_names_the_offending_field(string json, string pointer)
    {
        var (value, problems) = Parse(json);

        Assert.Null(value);
        Assert.Contains(problems, p => p.Pointer == pointer);
    }

    [Fact]
    public void Parse_reports_every_problem_not_just_the_first()
    {
        var (_, problems) = Parse("""{"id":1,"model":2,"input":3,"response":4}""");

        Assert.Equal(["/id", "/model", "/input", "/response"], problems.Select(p => p.Pointer));
    }

    [Fact]
    public void Parse_too_many_messages_is_refused_with_the_limit()
    {
        var parser = new InteractionParser(IngestLimits.Default with { MaxMessages = 2 });
        using var document = JsonDocument.Parse("""{"id":"x","model":"m","input":[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"}],"response":"r"}""");

        var (value, _, problems) = parser.Parse(document.RootElement, "");

        Assert.Null(value);
        Assert.Contains("limit is 2", Assert.Single(problems).Detail, StringComparison.Ordinal);
    }
}
