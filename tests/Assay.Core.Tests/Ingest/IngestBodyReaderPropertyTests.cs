using System.Text;
using Assay.Ingest;
using FsCheck.Xunit;

namespace Assay.Core.Tests.Ingest;

/// <summary>Arbitrary JSON-ish bodies: the reader never throws, and every item it returns is valid or says why not.</summary>
public sealed class IngestBodyReaderPropertyTests
{
    private static readonly string[] s_keys = ["id", "model", "response", "reasoning", "input", "role", "content", "samples", "metadata", "tags", "project", "usage", "input_tokens", "latency_ms", "timestamp", "i\\u0064", "\\ud800", "x"];
    private static readonly string[] s_escapes = ["\\ud800", "\\udc00", "\\uDBFF\\uDFFF", "\\ud83d\\ude00", "\\ud83d", "\\u0000", "\\u001f", "\\n", "\\\\", "\\\"", "\\/", "\\x", "\\u12", "\\"];
    private static readonly byte[][] s_rawBytes = [[0xFF], [0xC3, 0x28], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3, 0xA9], [0xE6, 0x97, 0xA5], [0xEF, 0xBB, 0xBF], [0x00], [(byte)'\n']];
    private static readonly IngestBodyReader s_reader = new(new InteractionParser(IngestLimits.Default));
    private static readonly IngestBodyReader s_smallReader = new(new InteractionParser(new IngestLimits { MaxInteractionBytes = 200, MaxItemsPerRequest = 3, MaxMessages = 2, MaxSamples = 2, MaxTags = 2, MaxIdLength = 8 }));

    [Property(MaxTest = 500)]
    public void Read_arbitrary_bodies_never_throws_and_every_item_is_valid_or_has_a_problem(int seed)
    {
        var random = new Random(seed);
        var body = Body(random);
        var format = random.Next(2) == 0 ? BodyFormat.Json : BodyFormat.Ndjson;
        var reader = random.Next(4) == 0 ? s_smallReader : s_reader;

        var request = reader.Read(body, format);

        if (request.BodyProblem is not null)
        {
            Assert.Empty(request.Items);
            return;
        }

        Assert.NotEmpty(request.Items);
        foreach (var item in request.Items)
            Assert.True(item.IsValid ? item.Problems.Count == 0 : item.Problems.Count > 0, $"item {item.Index} of {Encoding.UTF8.GetString(body)}");
    }

    [Fact]
    public void Body_generator_reaches_valid_items_rejected_items_and_refused_bodies()
    {
        int valid = 0, surrogate = 0, duplicate = 0, refused = 0;
        for (var seed = 0; seed < 2000; seed++)
        {
            var random = new Random(seed);
            var request = s_reader.Read(Body(random), random.Next(2) == 0 ? BodyFormat.Json : BodyFormat.Ndjson);
            refused += request.BodyProblem is null ? 0 : 1;
            valid += request.Items.Count(i => i.IsValid);
            surrogate += request.Items.Count(i => i.Problems.Any(p => p.Detail.Contains("surrogate", StringComparison.Ordinal)));
            duplicate += request.Items.Count(i => i.Problems.Any(p => p.Detail.StartsWith("duplicate property", StringComparison.Ordinal)));
        }

        Assert.True(valid > 20 && surrogate > 20 && duplicate > 20 && refused > 20, $"valid {valid}, surrogate {surrogate}, duplicate {duplicate}, refused {refused}");
    }

    private static byte[] Body(Random random)
    {
        var bytes = new List<byte>();
        var items = random.Next(1, 5);
        var array = random.Next(3) == 0;
        if (array)
            bytes.Add((byte)'[');
        for (var i = 0; i < items; i++)
        {
            if (i > 0)
                bytes.AddRange(array ? ","u8.ToArray() : "\n"u8.ToArray());
            Value(random, bytes, depth: random.Next(8) == 0 ? 40 : 0, interaction: true);
        }

        if (array)
            bytes.Add((byte)']');
        // Byte-level damage now and then: truncation, a stray byte, a missing one.
        var damage = random.Next(12);
        if (damage == 0 && bytes.Count > 1)
            bytes.RemoveRange(random.Next(bytes.Count), 1);
        else if (damage == 1)
            bytes.InsertRange(random.Next(bytes.Count + 1), s_rawBytes[random.Next(s_rawBytes.Length)]);
        else if (damage == 2)
        {
            var cut = random.Next(bytes.Count);
            bytes.RemoveRange(cut, bytes.Count - cut);
        }

        return [.. bytes];
    }

    private static void Value(Random random, List<byte> bytes, int depth, bool interaction = false)
    {
        if (depth > 0)
        {
            // Deep nesting, sometimes beyond the reader's maximum depth.
            var open = random.Next(2) == 0 ? '[' : '{';
            bytes.AddRange(open == '[' ? "["u8.ToArray() : "{\"x\":"u8.ToArray());
            Value(random, bytes, depth - 1);
            bytes.Add(open == '[' ? (byte)']' : (byte)'}');
            return;
        }

        switch (interaction ? 0 : random.Next(8))
        {
            case 0 or 1:
                Object(random, bytes, interaction);
                break;
            case 2:
                bytes.Add((byte)'[');
                for (var i = random.Next(4); i > 0; i--)
                {
                    Value(random, bytes, 0);
                    if (i > 1)
                        bytes.Add((byte)',');
                }

                bytes.Add((byte)']');
                break;
            case 3:
                bytes.AddRange(Encoding.UTF8.GetBytes(random.Next(5) switch { 0 => "-1", 1 => "1.5e308", 2 => "1e999", 3 => "true", _ => "null" }));
                break;
            default:
                String(random, bytes);
                break;
        }
    }

    private static void Object(Random random, List<byte> bytes, bool interaction)
    {
        bytes.Add((byte)'{');
        var members = interaction ? Member.Interaction(random) : [.. Enumerable.Range(0, random.Next(4)).Select(_ => s_keys[random.Next(s_keys.Length)])];
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
                bytes.Add((byte)',');
            bytes.AddRange(Encoding.UTF8.GetBytes($"\"{members[i]}\":"));
            if (interaction && random.Next(6) != 0)
            {
                // Mostly well-typed, so that the reader gets past the shape to the strings.
                if (members[i] == "input")
                    bytes.AddRange("[{\"role\":\"user\",\"content\":"u8.ToArray());
                String(random, bytes);
                if (members[i] == "input")
                    bytes.AddRange("}]"u8.ToArray());
            }
            else
            {
                Value(random, bytes, 0);
            }
        }

        bytes.Add((byte)'}');
    }

    private static void String(Random random, List<byte> bytes)
    {
        bytes.Add((byte)'"');
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            switch (random.Next(40))
            {
                case 0 or 1:
                    bytes.AddRange(Encoding.UTF8.GetBytes(s_escapes[random.Next(s_escapes.Length)]));
                    break;
                case 2:
                    bytes.AddRange(s_rawBytes[random.Next(s_rawBytes.Length)]);
                    break;
                default:
                    bytes.AddRange(Encoding.UTF8.GetBytes(s_keys[random.Next(3)]));
                    break;
            }
        }

        bytes.Add((byte)'"');
    }

    /// <summary>Member lists for interaction-like objects: mostly the real fields, sometimes repeated or misspelt.</summary>
    private static class Member
    {
        public static List<string> Interaction(Random random)
        {
            var members = new List<string> { "id", "model", "input", "response" };
            if (random.Next(2) == 0)
                members.Add(s_keys[random.Next(s_keys.Length)]);
            if (random.Next(3) == 0)
                members.Add(members[random.Next(members.Count)]);
            return [.. members.OrderBy(_ => random.Next())];
        }
    }
}
