using System.Text.Json;
using Assay.Json;

namespace Assay.Core.Tests.Json;

public sealed class JsonSyntaxErrorTests
{
    [Fact]
    public void Describe_counts_line_and_byte_from_one_and_drops_the_dotnet_tail()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{\"a\": 1,\n  x}"));

        Assert.Equal("malformed JSON at line 2, byte 3: 'x' is an invalid start of a property name. Expected a '\"'", JsonSyntaxError.Describe(exception));
    }

    [Fact]
    public void Describe_with_a_body_line_uses_it_instead_of_the_parser_line()
    {
        var exception = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{,}"));

        Assert.StartsWith("malformed JSON at line 7, byte 2: ", JsonSyntaxError.Describe(exception, line: 7), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_without_a_position_gives_the_reason_alone()
    {
        Assert.Equal("malformed JSON: bad token", JsonSyntaxError.Describe(new JsonException("bad token. Path: $.a | LineNumber: 0 | BytePositionInLine: 3.")));
    }
}
