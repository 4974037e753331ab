using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assay.Server.Tests.Security;

/// <summary>Turns a valid JSON body into a plausible bad one; all choices come from the given seeded random source.</summary>
/// <remarks>
/// Changes that a <see cref="JsonNode"/> cannot hold (duplicate names, lone surrogate escapes, <c>NaN</c>, deep nesting)
/// are written as placeholders and replaced by raw text after serialisation.
/// </remarks>
internal sealed class JsonMutator(Random random, IReadOnlyList<int> stringLengths)
{
    private static readonly JsonSerializerOptions s_write = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] s_surrogates = [@"""\ud800""", @"""\udc00""", @"""x\ud800y""", @"""\udc00\ud800""", @"""\ud800\ud800""", @"""ok\udbff"""];
    private static readonly string[] s_hugeNumbers = ["1e999", "-1e999", "1E+308", "4.9e-324", "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "-0", "0.0000000000000000000000000000001", "1e-999", "2147483648", "18446744073709551616"];
    private static readonly string[] s_nanLiterals = ["NaN", "-NaN", "Infinity", "-Infinity", "nan", "inf", "undefined", @"""NaN""", @"""Infinity""", @"""-Infinity""", "01", "1.", ".5", "+1", "0x10", "1_000"];
    private static readonly byte[][] s_invalidUtf8 = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE, 0xFF]];
    private static readonly byte[][] s_boms = [[0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0x00, 0x00, 0xFE, 0xFF], [0xEF, 0xBB]];
    private static readonly string[] s_trailers = [" {}", ",", "\0", "]", "}", "// c", "\n{\"a\":1}", " null", "\u2028", "\t\r\n "];

    private readonly Dictionary<string, string> _raw = [];

    /// <summary>A mutation of <paramref name="valid"/>; <c>Name</c> lists the changes applied, in order.</summary>
    public (byte[] Body, string Name) Mutate(JsonNode valid)
    {
        _raw.Clear();
        var names = new List<string>();
        var root = valid.DeepClone();
        var treeChanges = random.Next(4);
        for (var i = 0; i < treeChanges; i++)
            names.Add(MutateTree(ref root));
        var text = root.ToJsonString(s_write);
        // Longest placeholder first, so that @@R1@@ never replaces the start of @@R12@@.
        foreach (var (placeholder, raw) in _raw.OrderByDescending(p => p.Key.Length))
            text = text.Replace($"\"{placeholder}\"", raw, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (treeChanges == 0 || random.Next(3) == 0)
        {
            var (mutated, name) = MutateBytes(bytes, text);
            bytes = mutated;
            names.Add(name);
        }

        return (bytes, string.Join('+', names));
    }

    private string MutateTree(ref JsonNode root)
    {
        var objects = Walk(root).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        var slots = Slots(root).ToList();
        switch (random.Next(13))
        {
            case 0 when objects.Count > 0:
                var from = Pick(objects);
                from.Remove(Pick(from.Select(p => p.Key).ToList()));
                return "drop-field";
            case 1 when objects.Count > 0:
                var twice = Pick(objects);
                var (name, value) = Pick(twice.ToList());
                twice[Raw(JsonSerializer.Serialize(name))] = random.Next(2) == 0 ? value?.DeepClone() : RandomValue(0);
                return "duplicate-name";
            case 2 when objects.Count > 0:
                var renamed = Pick(objects);
                var old = Pick(renamed.Select(p => p.Key).ToList());
                var moved = renamed[old];
                renamed.Remove(old);
                renamed[Rename(old)] = moved;
                return "rename-field";
            case 3 when objects.Count > 0:
                Pick(objects)[Raw(Pick(s_surrogates))] = random.Next(2) == 0 ? "v" : RandomValue(0);
                return "lone-surrogate-name";
            case 4:
                Replace(ref root, slots, Raw(Pick(s_surrogates)));
                return "lone-surrogate-value";
            case 5:
                Replace(ref root, slots, RandomValue(0));
                return "wrong-type";
            case 6:
                Replace(ref root, slots, Raw(Pick(s_hugeNumbers)));
                return "huge-number";
            case 7:
                Replace(ref root, slots, Raw(Pick(s_nanLiterals)));
                return "nan-literal";
            case 8:
                Replace(ref root, slots, Raw(Nesting(Pick([3, 15, 16, 17, 31, 32, 33, 64, 200, 1000, 5000]))));
                return "deep-nesting";
            case 9:
                var strings = slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
                Replace(ref root, strings.Count > 0 ? strings : slots, new string(Pick("xé€ \"\\"), Pick(stringLengths)));
                return "oversized-string";
            case 10 when objects.Count > 0:
                Pick(objects)[Rename("extra")] = RandomValue(0);
                return "unknown-field";
            case 11:
                Replace(ref root, slots, Raw(Pick([@"""\u0000""", @"""a\u0001b""", "\"tab\there\"", "\"line\nbreak\"", @"""\x41""", @"""\u12""", @"""\"""])));
                return "control-or-bad-escape";
            default:
                var inner = root;
                root = random.Next(5) switch
                {
                    0 => new JsonArray(inner),
                    1 => new JsonArray(inner.DeepClone(), inner.DeepClone()),
                    2 => JsonValue.Create(1),
                    3 => JsonValue.Create("s"),
                    _ => new JsonObject { ["body"] = inner },
                };
                return "replace-root";
        }
    }

    private (byte[] Bytes, string Name) MutateBytes(byte[] bytes, string text)
    {
        switch (random.Next(11))
        {
            case 0:
                return (bytes[..random.Next(bytes.Length + 1)], "truncate");
            case 1:
                var quote = text.IndexOf('"', random.Next(Math.Max(1, text.Length)));
                var at = quote < 0 ? random.Next(bytes.Length + 1) : Encoding.UTF8.GetByteCount(text.AsSpan(0, quote + 1));
                return ([.. bytes[..at], .. Pick(s_invalidUtf8), .. bytes[at..]], "invalid-utf8");
            case 2:
                return ([.. Pick(s_boms), .. bytes], "bom");
            case 3:
                return (random.Next(2) == 0 ? [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)] : Encoding.BigEndianUnicode.GetBytes(text), "utf16");
            case 4:
                var flipped = (byte[])bytes.Clone();
                for (var i = random.Next(1, 6); i > 0 && flipped.Length > 0; i--)
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                return (flipped, "byte-flip");
            case 5:
                return ([.. bytes, .. Encoding.UTF8.GetBytes(Pick(s_trailers))], "trailing-garbage");
            case 6:
                return ([], "empty");
            case 7:
                var noise = new byte[random.Next(1, 2048)];
                random.NextBytes(noise);
                return (noise, "random-bytes");
            case 8:
                return (Encoding.UTF8.GetBytes(Pick([" ", "\r\n", "\t \n", "null", "true", "0", "\"\"", "[]", "{}"])), "bare-value");
            case 9:
                return ([.. "/* c */"u8, .. bytes], "comment");
            default:
                return (Encoding.UTF8.GetBytes(text.Replace(":", ": ", StringComparison.Ordinal).Replace(",", " ,\n", StringComparison.Ordinal)), "whitespace");
        }
    }

    /// <summary>A value of any JSON type, small.</summary>
    public JsonNode? RandomValue(int depth) => random.Next(depth > 2 ? 10 : 14) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(-5, 100_000)),
        3 => JsonValue.Create(long.MaxValue),
        4 => JsonValue.Create(random.NextDouble() * 1e6),
        5 => JsonValue.Create(""),
        6 => JsonValue.Create(Pick(["x", "high", "hallucination", "admin", "*", "2026-11-27T12:00:00Z", "reviewer,lead", " low ", "1", "é𝄞"])),
        7 => JsonValue.Create(new string('a', random.Next(300))),
        8 => JsonValue.Create(-0.0),
        9 => JsonValue.Create(int.MinValue),
        10 => new JsonArray(),
        11 => new JsonObject(),
        12 => new JsonArray(RandomValue(depth + 1), RandomValue(depth + 1)),
        _ => new JsonObject { [Rename("k")] = RandomValue(depth + 1) },
    };

    private string Rename(string name) => random.Next(9) switch
    {
        0 => name.ToUpperInvariant(),
        1 => name + "_",
        2 => "",
        3 => " " + name,
        4 => name + "é",
        5 => new string('n', random.Next(100, 3000)),
        6 => Raw(Pick(s_surrogates)),
        7 => name.Replace('_', '-'),
        _ => "$" + name,
    };

    private string Raw(string raw)
    {
        var placeholder = $"@@R{_raw.Count.ToString(CultureInfo.InvariantCulture)}@@";
        _raw[placeholder] = raw;
        return placeholder;
    }

    private static string Nesting(int depth) =>
        depth % 2 == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private void Replace(ref JsonNode root, List<(JsonNode? Parent, string? Name, int Index, JsonNode? Value)> slots, JsonNode? value)
    {
        if (slots.Count == 0)
        {
            root = value ?? JsonValue.Create("null")!;
            return;
        }

        var (parent, name, index, _) = Pick(slots);
        if (parent is JsonObject obj)
            obj[name!] = value;
        else if (parent is JsonArray array)
            array[index] = value;
    }

    private static IEnumerable<JsonNode> Walk(JsonNode? node)
    {
        if (node is null)
            yield break;
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var inner in Walk(child))
                yield return inner;
        }
    }

    /// <summary>Every place a value sits: a property of an object or an element of an array.</summary>
    private static IEnumerable<(JsonNode? Parent, string? Name, int Index, JsonNode? Value)> Slots(JsonNode root)
    {
        foreach (var node in Walk(root))
        {
            if (node is JsonObject o)
            {
                foreach (var (name, value) in o.ToList())
                    yield return (o, name, -1, value);
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                    yield return (a, null, i, a[i]);
            }
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private char Pick(string chars) => chars[random.Next(chars.Length)];
}
