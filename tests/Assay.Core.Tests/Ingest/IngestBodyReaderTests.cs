using System.Text;
using Assay.Ingest;

namespace Assay.Core.Tests.Ingest;

public sealed class IngestBodyReaderTests
{
    private const string Valid = """{"id":"a1","model":"m","input":[{"role":"user","content":"hi"}],"response":"hello"}""";
    private readonly IngestBodyReader _reader = new(new InteractionParser(IngestLimits.Default));

    private IngestRequest Read(string body, BodyFormat format = BodyFormat.Json) => _reader.Read(Encoding.UTF8.GetBytes(body), format);

    [Fact]
    public void Read_single_object_is_not_bulk()
    {
        var request = Read(Valid);

        Assert.False(request.IsBulk);
        var item = Assert.Single(request.Items);
        Assert.True(item.IsValid);
        Assert.Equal("a1", item.Value!.Interaction.Id);
    }

    [Fact]
    public void Read_array_gives_one_item_per_element_with_pointers_under_the_index()
    {
        var request = Read($"[{Valid}, {{\"id\":\"b\"}}]");

        Assert.True(request.IsBulk);
        Assert.Equal(2, request.Items.Count);
        Assert.True(request.Items[0].IsValid);
        Assert.False(request.Items[1].IsValid);
        Assert.Contains(request.Items[1].Problems, p => p.Pointer == "/1/model");
        Assert.Equal("b", request.Items[1].Id);
    }

    [Fact]
    public void Read_ndjson_skips_blank_lines_and_numbers_lines_from_one()
    {
        var request = Read($"{Valid}\n\n   \r\n{Valid.Replace("a1", "a2", StringComparison.Ordinal)}\r\n{{not json\n", BodyFormat.Ndjson);

        Assert.Equal(3, request.Items.Count);
        Assert.Equal([1, 4, 5], request.Items.Select(i => i.Line!.Value));
        Assert.True(request.Items[0].IsValid);
        Assert.True(request.Items[1].IsValid);
        Assert.False(request.Items[2].IsValid);
        Assert.Contains("malformed JSON", request.Items[2].Problems[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_malformed_json_body_is_refused_as_a_whole_with_its_position()
    {
        var request = Read("[" + Valid + ",");

        Assert.Empty(request.Items);
        Assert.NotNull(request.BodyProblem);
        Assert.Contains("line 1", request.BodyProblem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_invalid_utf8_names_the_offset_of_the_first_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid).ToList();
        bytes.Insert(10, 0xC3);
        bytes.Insert(11, 0x28); // 0xC3 must be followed by a continuation byte.

        var request = _reader.Read(bytes.ToArray(), BodyFormat.Json);

        Assert.NotNull(request.BodyProblem);
        Assert.Contains("offset 10", request.BodyProblem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_leading_byte_order_mark_is_ignored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Valid)).ToArray();

        Assert.True(_reader.Read(bytes, BodyFormat.Json).Items[0].IsValid);
    }

    [Fact]
    public void Read_more_items_than_the_limit_is_refused()
    {
        var reader = new IngestBodyReader(new InteractionParser(IngestLimits.Default with { MaxItemsPerRequest = 2 }));
        var body = string.Join('\n', Enumerable.Range(0, 3).Select(i => Valid.Replace("a1", $"x{i}", StringComparison.Ordinal)));

        var ndjson = reader.Read(Encoding.UTF8.GetBytes(body), BodyFormat.Ndjson);
        var array = reader.Read(Encoding.UTF8.GetBytes($"[{body.Replace('\n', ',')}]"), BodyFormat.Json);

        Assert.NotNull(ndjson.BodyProblem);
        Assert.NotNull(array.BodyProblem);
    }

    [Fact]
    public void Read_interaction_over_the_size_limit_is_rejected_alone()
    {
        var reader = new IngestBodyReader(new InteractionParser(IngestLimits.Default with { MaxInteractionBytes = 200 }));
        var big = Valid.Replace("hello", new string('x', 300), StringComparison.Ordinal).Replace("a1", "big", StringComparison.Ordinal);

        var request = reader.Read(Encoding.UTF8.GetBytes($"{Valid}\n{big}"), BodyFormat.Ndjson);

        Assert.True(request.Items[0].IsValid);
        Assert.False(request.Items[1].IsValid);
        Assert.Contains("limit", request.Items[1].Problems[0].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    public void Read_empty_content_is_refused(string body)
    {
        var request = Read(body, body.Length == 0 ? BodyFormat.Ndjson : BodyFormat.Json);

        Assert.NotNull(request.BodyProblem);
    }
}
