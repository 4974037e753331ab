using BenchmarkDotNet.Running;

// Run one group with: dotnet run -c Release --project bench/Assay.Benchmarks -- --filter '*Detection*'
// Where one dashboard view's time goes, chart by chart: dotnet run -c Release --project bench/Assay.Benchmarks -- profile 100000 168
if (args is ["profile", var perDay, var hours])
{
    Profile.Run(int.Parse(perDay, System.Globalization.CultureInfo.InvariantCulture), int.Parse(hours, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
