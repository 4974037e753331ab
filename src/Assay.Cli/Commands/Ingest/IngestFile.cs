using System.Buffers;
using Spectre.Console;

namespace Assay.Cli.Commands.Ingest;

/// <summary>Reads a JSONL file in chunks of lines and feeds them to a target, showing progress.</summary>
internal static class IngestFile
{
    public static async Task<IngestTally> RunAsync(FileInfo file, IIngestTarget target, int batch, CancellationToken cancellationToken)
    {
        var tally = new IngestTally();
        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask($"Ingesting {file.Name}", maxValue: file.Length);
                await ReadAsync(file, target, batch, tally, position => task.Value = position, cancellationToken);
            });
        }
        else
        {
            // No TTY (CI logs, pipes): a plain line every tenth of the file instead of a bar.
            var nextReport = file.Length / 10;
            await ReadAsync(file, target, batch, tally, position =>
            {
                if (position < nextReport || file.Length == 0)
                    return;
                Console.WriteLine($"ingest: {position * 100 / file.Length}% ({tally.Total:N0} lines)");
                nextReport += file.Length / 10;
            }, cancellationToken);
        }

        return tally;
    }

    /// <summary>Splits the file on '\n' as raw bytes, so that invalid UTF-8 reaches the validator instead of being replaced.</summary>
    private static async Task ReadAsync(FileInfo file, IIngestTarget target, int batch, IngestTally tally, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenRead();
        var pipe = System.IO.Pipelines.PipeReader.Create(stream, new(bufferSize: 1 << 16));
        var chunk = new MemoryStream();
        var lines = new List<int>(batch);
        var lineNumber = 0;
        while (true)
        {
            var read = await pipe.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (TryTakeLine(ref buffer, read.IsCompleted, out var line))
            {
                lineNumber++;
                if (IsBlank(line))
                    continue;
                foreach (var segment in line)
                    chunk.Write(segment.Span);
                chunk.WriteByte((byte)'\n');
                lines.Add(lineNumber);
                if (lines.Count == batch)
                {
                    await FlushAsync(target, chunk, lines, tally, cancellationToken);
                    progress(stream.Position);
                }
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
                break;
        }

        await pipe.CompleteAsync();
        if (lines.Count > 0)
            await FlushAsync(target, chunk, lines, tally, cancellationToken);
        progress(file.Length); // the stream is closed by now: completing the pipe reader closed it
    }

    private static bool TryTakeLine(ref System.Buffers.ReadOnlySequence<byte> buffer, bool completed, out System.Buffers.ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is { } position)
        {
            line = buffer.Slice(0, position);
            buffer = buffer.Slice(buffer.GetPosition(1, position));
            return true;
        }

        if (completed && !buffer.IsEmpty)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        line = default;
        return false;
    }

    private static bool IsBlank(System.Buffers.ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                    return false;
            }
        }

        return true;
    }

    private static async Task FlushAsync(IIngestTarget target, MemoryStream chunk, List<int> lines, IngestTally tally, CancellationToken cancellationToken)
    {
        tally.Add(await target.SendAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), lines.ToArray(), cancellationToken));
        chunk.SetLength(0);
        lines.Clear();
    }
}
