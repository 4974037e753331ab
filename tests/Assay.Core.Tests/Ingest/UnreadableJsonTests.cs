using System.Text;
using Assay.Ingest;

namespace Assay.Core.Tests.Ingest;

/// <summary>Lone surrogate escapes and duplicate property names: each item is refused on its own, with a pointer.</summary>
public sealed class UnreadableJsonTests
{
    private const string Valid = """{"id":"a1","model":"m","input":[{"role":"user","content":"hi"}],"response":"hello"}""";
    private readonly IngestBodyReader _reader = new(new InteractionParser(IngestLimits.Default));

    private IngestRequest Read(string body, BodyFormat format = BodyFormat.Json) => _reader.Read(Encoding.UTF8.GetBytes(body), format);

    private static string With(string from, string to) => Valid.Replace(from, to, StringComparison.Ordinal);

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { With("\"a1\"", "\"a\\ud800\""), "/id" },
        { With("\"m\"", "\"\\udc00\""), "/model" },
        { With("\"hello\"", "\"x\\ud800y\""), "/response" },
        { With("\"hello\"", "\"hello\",\"reasoning\":\"\\uDBFF\""), "/reasoning" },
        { With("\"hi\"", "\"\\ud800\\ud800\""), "/input/0/content" },
        { With("\"user\"", "\"\\ud800\""), "/input/0/role" },
        { With("\"hello\"", "\"hello\",\"samples\":[\"ok\",\"\\ud800\"]"), "/samples/1" },
        { With("\"hello\"", "\"hello\",\"metadata\":{\"project\":\"\\ud800\"}"), "/metadata/project" },
        { With("\"hello\"", "\"hello\",\"metadata\":{\"tags\":{\"k\":\"\\ud800\"}}"), "/metadata/tags/k" },
        { With("\"hello\"", "\"hello\",\"metadata\":{\"tags\":{\"\\ud800k\":\"v\"}}"), "/metadata/tags/\\ud800k" },
        { With("\"hello\"", "\"hello\",\"\\ud800\":1"), "/\\ud800" },
        { With("\"role\"", "\"ro\\udfffle\""), "/input/0/ro\\udfffle" },
        { With("\"hello\"", "\"hello\",\"usage\":{\"\\ud800\":1}"), "/usage/\\ud800" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Read_lone_surrogate_escape_rejects_the_item_naming_the_string(string body, string pointer)
    {
        var request = Read(body);

        var item = Assert.Single(request.Items);
        Assert.False(item.IsValid);
        Assert.Contains(item.Problems, p => p.Pointer == pointer && p.Detail.Contains("unpaired UTF-16 surrogate", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_array_with_a_lone_surrogate_keeps_the_valid_items()
    {
        var request = Read($"[{With("a1", "g1")},{With("\"hi\"", "\"\\ud800\"")},{With("a1", "g2")}]");

        Assert.True(request.IsBulk);
        Assert.Equal([true, false, true], request.Items.Select(i => i.IsValid));
        Assert.Equal("/1/input/0/content", Assert.Single(request.Items[1].Problems).Pointer);
        Assert.Equal("a1", request.Items[1].Id);
    }

    [Fact]
    public void Read_ndjson_with_a_lone_surrogate_in_a_property_name_keeps_the_other_lines()
    {
        var request = Read($"{With("a1", "g1")}\n{With("\"hello\"", "\"hello\",\"metadata\":{\"tags\":{\"\\ud800\":1}}")}\n{With("a1", "g2")}\n", BodyFormat.Ndjson);

        Assert.Equal([true, false, true], request.Items.Select(i => i.IsValid));
        Assert.Equal("/metadata/tags/\\ud800", Assert.Single(request.Items[1].Problems).Pointer);
    }

    [Fact]
    public void Read_paired_surrogate_escape_is_valid()
    {
        var request = Read(With("\"hello\"", "\"\\ud83d\\ude00\""));

        Assert.True(Assert.Single(request.Items).IsValid);
        Assert.Equal("\U0001F600", request.Items[0].Value!.Interaction.Response);
    }

    public static TheoryData<string, string> Duplicates => new()
    {
        { With("\"id\":\"a1\"", "\"id\":\"d1\",\"id\":\"d2\""), "/id" },
        { With("\"id\":\"a1\"", "\"id\":\"d1\",\"i\\u0064\":\"d2\""), "/id" },
        { With("\"content\":\"hi\"", "\"content\":\"hi\",\"content\":\"ho\""), "/input/0/content" },
        { With("\"hello\"", "\"hello\",\"metadata\":{\"tags\":{\"a/b\":1,\"a/b\":2}}"), "/metadata/tags/a~1b" },
        { With("\"hello\"", "\"hello\",\"x\":{\"y\":1,\"y\":2}"), "/x/y" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public void Read_duplicate_property_rejects_the_item_naming_the_duplicate(string body, string pointer)
    {
        var request = Read(body);

        var item = Assert.Single(request.Items);
        Assert.False(item.IsValid);
        Assert.Contains(item.Problems, p => p.Pointer == pointer && p.Detail.StartsWith("duplicate property '", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_array_with_a_duplicate_property_keeps_the_valid_items()
    {
        var request = Read($"[{With("a1", "g1")},{With("\"id\":\"a1\"", "\"id\":\"d1\",\"id\":\"d2\"")},{With("a1", "g2")}]");

        Assert.Equal([true, false, true], request.Items.Select(i => i.IsValid));
        var problem = Assert.Single(request.Items[1].Problems);
        Assert.Equal(new IngestProblem("/1/id", "duplicate property 'id'"), problem);
    }

    [Fact]
    public void Read_ndjson_line_with_a_duplicate_property_is_rejected_alone()
    {
        var request = Read($"{With("a1", "g1")}\n{With("\"model\":\"m\"", "\"model\":\"m\",\"model\":\"n\"")}\n", BodyFormat.Ndjson);

        Assert.Equal([true, false], request.Items.Select(i => i.IsValid));
        Assert.Equal(new IngestProblem("/model", "duplicate property 'model'"), Assert.Single(request.Items[1].Problems));
    }

    [Fact]
    public void Read_malformed_json_is_still_reported_with_its_position()
    {
        var request = Read("[" + Valid + ",{\"id\":\"x\",\"id\":");

        Assert.NotNull(request.BodyProblem);
        Assert.Contains("malformed JSON at line 1", request.BodyProblem!.Detail, StringComparison.Ordinal);
    }
}
