using System.Diagnostics;
using System.Text.Json;
using Assay.Ingest;
using Assay.Otlp;
using Assay.Otlp.Proto;

namespace Assay.LoadTest;

/// <summary>
/// The CPU cost of turning a request into interactions, without HTTP or storage, on one thread: OTLP protobuf (parse and
/// translate) against native JSON (parse and validate), alternating rounds so both see the same machine load.
/// </summary>
internal static class OtlpMapperTiming
{
    public static void Run(Payloads payloads, int rounds = 40, int perRequest = 100)
    {
        var spans = new OtlpSpans();
        var translator = new OtlpTranslator(new SpanMapper(OtlpMappingOptions.Default, IngestLimits.Default),
            new InferenceJoin(TimeProvider.System, TimeSpan.FromSeconds(60), 10_000));
        var parser = new InteractionParser(IngestLimits.Default);
        var otlpBodies = Enumerable.Range(0, rounds).Select(_ => spans.Request(perRequest)).ToArray();
        var nativeLines = Enumerable.Range(0, rounds).Select(_ => Enumerable.Range(0, perRequest).Select(_ => payloads.Single()).ToArray()).ToArray();
        TimeSpan otlp = TimeSpan.Zero, native = TimeSpan.Zero;
        for (var round = -5; round < rounds; round++)
        {
            var r = Math.Max(0, round);
            var started = Stopwatch.GetTimestamp();
            var batch = translator.Traces(ExportTraceServiceRequest.Parser.ParseFrom(otlpBodies[r]).ResourceSpans, "*");
            if (batch.Items.Count != perRequest)
                throw new InvalidOperationException($"OTLP request mapped to {batch.Items.Count} interactions, not {perRequest}");
            if (round >= 0)
                otlp += Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            foreach (var line in nativeLines[r])
            {
                using var document = JsonDocument.Parse(line);
                if (parser.Parse(document.RootElement, "").Item1 is null)
                    throw new InvalidOperationException("a native line did not parse");
            }

            if (round >= 0)
                native += Stopwatch.GetElapsedTime(started);
        }

        var n = rounds * perRequest;
        Console.WriteLine($"| request → interactions, one thread | per item µs | items/s |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| native JSON (parse, validate, canonicalise) | {native.TotalMicroseconds / n:N1} | {n / native.TotalSeconds:N0} |");
        Console.WriteLine($"| OTLP protobuf (parse, translate, canonicalise) | {otlp.TotalMicroseconds / n:N1} | {n / otlp.TotalSeconds:N0} |");
        Console.WriteLine($"OTLP / native CPU per item: {otlp / native:F2}x");
    }
}
