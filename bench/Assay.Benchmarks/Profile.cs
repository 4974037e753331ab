using Assay.Benchmarks.Monitoring;

/// <summary>Prints where one dashboard view's time goes, step by step: <c>dotnet run -c Release --project bench/Assay.Benchmarks -- profile 100000 168</c>.</summary>
/// <remarks>
/// Round 1 pays for JIT; rounds 2–4 start with empty caches (the first view after a start); rounds 5–10 keep them (every
/// later view). Each round's total is printed, then the best and the median of each kind.
/// </remarks>
internal static class Profile
{
    public static void Run(int perDay, int hours)
    {
        var benchmark = new DashboardBenchmarks { PerDay = perDay, Hours = hours };
        benchmark.Setup();
        var totals = new List<(bool Warm, double Ms)>();
        for (var round = 1; round <= 10; round++)
        {
            benchmark.Warm = round > 4;
            var steps = benchmark.TimeEach().ToList();
            var total = steps.Sum(s => s.Ms);
            Console.WriteLine($"round {round} ({(benchmark.Warm ? "warm" : "cold")}), {perDay}/day, {hours} h: total {total:F0} ms; "
                + string.Join(", ", steps.Where(s => s.Ms >= 1).Select(s => $"{s.Name} {s.Ms:F0}")));
            if (round > 1)
                totals.Add((benchmark.Warm, total));
        }

        foreach (var warm in new[] { false, true })
        {
            var sorted = totals.Where(t => t.Warm == warm).Select(t => t.Ms).Order().ToList();
            Console.WriteLine($"{(warm ? "warm" : "cold")}: best {sorted[0]:F0} ms, median {sorted[sorted.Count / 2]:F0} ms of {sorted.Count}");
        }
    }
}
