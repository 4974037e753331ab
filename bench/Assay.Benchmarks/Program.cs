using BenchmarkDotNet.Running;

// Run one group with: dotnet run -c Release --project bench/Assay.Benchmarks -- --filter '*Detection*'
// Where one dashboard view's time goes, chart by chart: dotnet run -c Release --project bench/Assay.Benchmarks -- profile 100000 168
if (args is ["profile", var perDay, var hours])
{
    Profile.Run(int.Parse(perDay, System.Globalization.CultureInfo.InvariantCulture), int.Parse(hours, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

// The store read behind the review charts, at 100,000 a day: dotnet run -c Release --project bench/Assay.Benchmarks -- reviewed-items
if (args is ["reviewed-items"])
{
    await Assay.Benchmarks.Storage.ReviewedItemsBenchmarks.ProfileAsync();
    return;
}

// What UseAssay() adds to a chat call, p50 to p99.9: dotnet run -c Release --project bench/Assay.Benchmarks -- use-assay
if (args is ["use-assay"])
{
    await Assay.Benchmarks.Client.UseAssayBenchmarks.ProfileAsync();
    return;
}

// The coverage study behind the default recall interval (docs/STATISTICS.md): dotnet run -c Release --project bench/Assay.Benchmarks -- recall-coverage [replicates]
if (args is ["recall-coverage", ..])
{
    var replicates = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000;
    Console.WriteLine("| prevalence | audit rate | flag recall | population | posterior coverage | posterior width | conservative coverage | conservative width | delta-logit coverage | delta-logit width |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var clock = System.Diagnostics.Stopwatch.StartNew();
    foreach (var (cell, index) in Assay.Statistics.Estimators.RecallCoverage.Grid.Select((c, i) => (c, i)))
    {
        var r = Assay.Statistics.Estimators.RecallCoverage.Run(cell, replicates, seed: (ulong)(index + 1));
        Console.WriteLine(System.FormattableString.Invariant(
            $"| {cell.Prevalence} | {cell.AuditRate} | {cell.FlagRecall} | {cell.Population:N0} | {r.PosteriorCoverage:0.000} | {r.PosteriorWidth:0.000} | {r.ConservativeCoverage:0.000} | {r.ConservativeWidth:0.000} | {r.DeltaCoverage:0.000} | {r.DeltaWidth:0.000} |"));
    }

    Console.WriteLine($"{replicates} replicates per cell, {clock.Elapsed.TotalSeconds:0} s");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
