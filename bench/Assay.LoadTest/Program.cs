using Assay.LoadTest;

// Usage: dotnet run -c Release --project bench/Assay.LoadTest -- [--postgres] <path to assay.dll> [seconds]
// Starts `assay serve` as a child process per scenario, on a fresh database, and prints a Markdown table.
// --postgres-pipeline <assay.dll> [backlog] [lease seconds]: see below. --otlp <assay.dll> [seconds]: OTLP against native ingest.
// --postgres: durable ingest into a throwaway PostgreSQL cluster against raw COPY, on one node and on three.
if (args is ["--postgres", var dll, .. var rest] && File.Exists(dll))
{
    var duration = TimeSpan.FromSeconds(rest.Length > 0 ? double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 10);
    await PostgresLoad.RunAsync(dll, duration, new Payloads());
    return 0;
}

// --postgres-pipeline: how fast 1 and 3 nodes work off a backlog, and what SIGKILLing a node that holds work costs.
if (args is ["--postgres-pipeline", var pipelineDll, .. var more] && File.Exists(pipelineDll))
{
    var backlog = more.Length > 0 ? int.Parse(more[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
    var lease = more.Length > 1 ? int.Parse(more[1], System.Globalization.CultureInfo.InvariantCulture) : 30;
    await PostgresPipelineLoad.RunAsync(pipelineDll, backlog, lease, new Payloads());
    return 0;
}

// --otlp <assay.dll> [seconds]: OTLP/HTTP protobuf spans/s beside native NDJSON interactions/s (ASSAY_LOAD_SERVER_ARGS applies).
if (args is ["--otlp", var otlpDll, .. var otlpRest] && File.Exists(otlpDll))
{
    var duration = TimeSpan.FromSeconds(otlpRest.Length > 0 ? double.Parse(otlpRest[0], System.Globalization.CultureInfo.InvariantCulture) : 10);
    var extra = (Environment.GetEnvironmentVariable("ASSAY_LOAD_SERVER_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
    await OtlpLoad.RunAsync(otlpDll, duration, extra, new Payloads());
    return 0;
}

// --otlp-mapper: the CPU cost per item of mapping OTLP against parsing native JSON, in process, no HTTP.
if (args is ["--otlp-mapper", ..])
{
    OtlpMapperTiming.Run(new Payloads());
    return 0;
}

if (args is ["--store-only", ..])
{
    var only = new Payloads();
    Console.WriteLine(RawSqlite.Insert(only, 100_000, 1000).Row());
    Console.WriteLine((await StoreOnly.AppendAsync(only, 100_000, 1000)).Row());
    return 0;
}

if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Assay.LoadTest <path to assay.dll> [seconds per scenario]");
    return 2;
}

var assay = args[0];
var seconds = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10);
var payloads = new Payloads();
Console.WriteLine($"Interaction size ≈ {payloads.ApproximateSize} bytes; {seconds.TotalSeconds} s per scenario; {Environment.ProcessorCount} cores.");
Console.WriteLine();
Console.WriteLine("| scenario | interactions acknowledged | per second | p50 ms | p99 ms | max ms | refused requests |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

// ASSAY_LOAD_SERVER_ARGS adds arguments to `assay serve`, e.g. "--ingest-only" to measure ingest without detection.
var serverArguments = (Environment.GetEnvironmentVariable("ASSAY_LOAD_SERVER_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

async Task<LoadResult> Run(Func<Uri, Task<LoadResult>> scenario)
{
    await using var server = await ServerProcess.StartAsync(assay, serverArguments);
    // Warm the server's JIT and connection pool before measuring.
    await Scenarios.ClosedLoopAsync("warm-up", server.Address, 8, 10, TimeSpan.FromSeconds(1), payloads);
    var result = await scenario(server.Address);
    Console.WriteLine(result.Row());
    return result;
}

var bulk = await Run(a => Scenarios.ClosedLoopAsync("bulk NDJSON, 100/request, 16 clients, as fast as acknowledged", a, 16, 100, seconds, payloads));
var single = await Run(a => Scenarios.ClosedLoopAsync("single object, 64 clients, as fast as acknowledged", a, 64, 1, seconds, payloads));
await Run(a => Scenarios.OpenLoopAsync("bulk NDJSON at 10,000/s (fixed schedule)", a, 10_000, 100, seconds, payloads));
await Run(a => Scenarios.OpenLoopAsync("single object at 2,500/s (fixed schedule)", a, 2_500, 1, seconds, payloads));
// Overload: far more offered than the server can commit. Memory must stay bounded (503 + Retry-After, no unbounded queue).
await using (var server = await ServerProcess.StartAsync(assay, []))
{
    var overload = await Scenarios.ClosedLoopAsync("overload: 256 clients × 1,000/request, no back-off", server.Address, 256, 1000, seconds, payloads);
    Console.WriteLine(overload.Row());
    Console.WriteLine($"| (overload) server peak resident memory: {server.PeakMemoryMiB():N0} MiB | | | | | | |");
}

var raw100 = RawSqlite.Insert(payloads, 200_000, 100);
Console.WriteLine(raw100.Row());
var raw4096 = RawSqlite.Insert(payloads, 200_000, 4096);
Console.WriteLine(raw4096.Row());
Console.WriteLine((await StoreOnly.AppendAsync(payloads, 200_000, 100)).Row());
Console.WriteLine((await StoreOnly.AppendAsync(payloads, 200_000, 4096)).Row());
Console.WriteLine();
Console.WriteLine($"Assay bulk / raw SQLite (100 rows/transaction): {bulk.PerSecond / raw100.PerSecond:P0}; / raw SQLite (4096 rows/transaction): {bulk.PerSecond / raw4096.PerSecond:P0}");
Console.WriteLine($"Assay single / raw SQLite (4096 rows/transaction): {single.PerSecond / raw4096.PerSecond:P0}");
return 0;
