using Assay.Benchmarks.Monitoring;

/// <summary>Prints where one dashboard view's time goes, chart by chart: <c>dotnet run -c Release --project bench/Assay.Benchmarks -- profile 100000 24</c>.</summary>
internal static class Profile
{
    public static void Run(int perDay, int hours)
    {
        var benchmark = new DashboardBenchmarks { PerDay = perDay, Hours = hours };
        benchmark.Setup();
        // The first round pays for JIT; the second is the one to read.
        for (var round = 0; round < 2; round++)
        {
            foreach (var (name, ms) in benchmark.TimeEach())
                Console.WriteLine($"round {round + 1}, {perDay}/day, {hours} h, {name}: {ms:F0} ms");
        }
    }
}
