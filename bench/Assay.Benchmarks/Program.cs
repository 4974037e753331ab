using BenchmarkDotNet.Running;

// Run one group with: dotnet run -c Release --project bench/Assay.Benchmarks -- --filter '*Detection*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
