using System.Text;
using Assay.Ingest;
using FsCheck.Xunit;

namespace Assay.Core.Tests.Ingest;

/// <remarks>Expected to fail until InteractionParser answers lone surrogate escapes with a problem (branch ingest-hardening).</remarks>
public sealed class IngestBodyReaderPropertyTests
{
    private static readonly IngestBodyReader s_reader = new(new InteractionParser(IngestLimits.Default));

    // JSON-ish fragments: valid pieces of an interaction, the escapes and literals that break parsers, and bytes that are not UTF-8.
    private static readonly string[] s_fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\n", "\r\n", " ", "\"id\"", "\"model\"", "\"input\"", "\"response\"", "\"metadata\"",
        "\"tags\"", "\"role\"", "\"content\"", "\"user\"", "\"a\"", "\"timestamp\"", "\"2026-11-27T12:00:00Z\"", "1", "-0", "1e999",
        "NaN", "null", "true", "\"\\ud800\"", "\"\\udc00\"", "\\ud800", "\"\\u0000\"", "\\", "\"\\x\"", "\u00e9", "\ufeff",
    ];

    private static readonly string s_valid =
        """{"id":"a1","model":"m","input":[{"role":"user","content":"hi"}],"response":"hello","metadata":{"project":"p","tags":{"k":"v"}}}""";

    [Property(MaxTest = 500)]
    public void Read_arbitrary_bytes_never_throws_and_every_item_is_valid_or_has_a_problem(byte[] body, bool ndjson) =>
        AssertWellFormed(body, ndjson ? BodyFormat.Ndjson : BodyFormat.Json);

    [Property(MaxTest = 3000)]
    public void Read_json_ish_text_never_throws_and_every_item_is_valid_or_has_a_problem(int seed, bool ndjson)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var mode = random.Next(3);
        if (mode == 0)
        {
            // A valid interaction with one of its names or string values swapped for a fragment: the parser sees it in place.
            var tokens = System.Text.RegularExpressions.Regex.Matches(s_valid, "\"[^\"]*\"");
            var token = tokens[random.Next(tokens.Count)];
            text.Append(s_valid, 0, token.Index).Append(s_fragments[random.Next(s_fragments.Length)]).Append(s_valid, token.Index + token.Length, s_valid.Length - token.Index - token.Length);
        }
        else if (mode == 1)
        {
            // A valid interaction with a few fragments spliced in: mostly parses, so the parser sees the bad parts.
            text.Append(s_valid);
            for (var i = random.Next(1, 4); i > 0; i--)
                text.Insert(random.Next(text.Length + 1), s_fragments[random.Next(s_fragments.Length)]);
        }
        else
        {
            for (var i = random.Next(1, 40); i > 0; i--)
                text.Append(s_fragments[random.Next(s_fragments.Length)]);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(8) == 0 && bytes.Length > 0)
            bytes[random.Next(bytes.Length)] = 0xFF;
        AssertWellFormed(bytes, ndjson ? BodyFormat.Ndjson : BodyFormat.Json);
    }

    private static void AssertWellFormed(byte[] body, BodyFormat format)
    {
        IngestRequest request;
        try
        {
            request = s_reader.Read(body, format);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{format} body threw {e.GetType().Name}: {e.Message}\nbody: {Convert.ToHexString(body)}");
        }

        Assert.True(request.BodyProblem is not null || request.Items.Count > 0, "neither items nor a body problem");
        foreach (var item in request.Items)
            Assert.True(item.IsValid || item.Problems.Count > 0, $"item {item.Index} is invalid without a problem");
    }
}
