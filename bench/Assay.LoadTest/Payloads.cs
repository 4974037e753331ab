using System.Text;
using Assay.Demo;
using Assay.Domain;
using Assay.Ingest;

namespace Assay.LoadTest;

/// <summary>Pre-serialised ~1 KB interactions whose id is spliced in per request, so the client stays cheap.</summary>
internal sealed class Payloads
{
    private const string Marker = "__ID__";
    private readonly byte[][] _prefixes;
    private readonly byte[][] _suffixes;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private long _next;

    public Payloads(int variety = 64)
    {
        var traffic = new DemoTraffic(11, DateTimeOffset.UtcNow);
        _prefixes = new byte[variety][];
        _suffixes = new byte[variety][];
        for (var i = 0; i < variety; i++)
        {
            var interaction = traffic.Next();
            // Pad the response so that every interaction is about 1 KB of JSON.
            var json = Encoding.UTF8.GetString(InteractionParser.Canonicalise(interaction with { Id = Marker }).CanonicalJson);
            var padding = Math.Max(0, 1024 - json.Length);
            json = Encoding.UTF8.GetString(InteractionParser.Canonicalise(interaction with
            {
                Id = Marker,
                Response = interaction.Response + " " + new string('.', padding),
            }).CanonicalJson);
            var at = json.IndexOf(Marker, StringComparison.Ordinal);
            _prefixes[i] = Encoding.UTF8.GetBytes(json[..at]);
            _suffixes[i] = Encoding.UTF8.GetBytes(json[(at + Marker.Length)..]);
        }
    }

    public int ApproximateSize => _prefixes[0].Length + _suffixes[0].Length + 24;

    /// <summary>Writes one interaction with a fresh id.</summary>
    public void Write(Stream stream)
    {
        var n = Interlocked.Increment(ref _next);
        var variant = (int)(n % _prefixes.Length);
        stream.Write(_prefixes[variant]);
        stream.Write(Encoding.ASCII.GetBytes($"load-{_run}-{n:D10}"));
        stream.Write(_suffixes[variant]);
    }

    public byte[] Single()
    {
        using var stream = new MemoryStream(1200);
        Write(stream);
        return stream.ToArray();
    }

    public byte[] Ndjson(int count)
    {
        using var stream = new MemoryStream(count * 1100);
        for (var i = 0; i < count; i++)
        {
            Write(stream);
            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }

    public IEnumerable<ParsedInteraction> Parsed(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var document = System.Text.Json.JsonDocument.Parse(Single());
            var (value, _, _) = new InteractionParser(IngestLimits.Default).Parse(document.RootElement, "");
            yield return value!;
        }
    }

    public static Interaction Template() => new DemoTraffic(11, DateTimeOffset.UtcNow).Next();
}
