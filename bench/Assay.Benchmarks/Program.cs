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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
