using Assay.Storage;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary>Prints, per category, how many failures were injected and how many the rules caught.</summary>
internal static class DemoSummary
{
    /// <summary>Prints the table and returns, per category, the demo interactions its rules flagged.</summary>
    public static async Task<Dictionary<string, HashSet<string>>> PrintAsync(IInteractionStore store, Dictionary<string, string[]> truth, CancellationToken cancellationToken)
    {
        var flagged = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await store.QueryFlagsAsync(new FlagQuery(After: cursor, Limit: 1000), cancellationToken);
            foreach (var flag in page.Flags)
            {
                if (!truth.ContainsKey(flag.InteractionId))
                    continue;
                if (!flagged.TryGetValue(flag.Flag.Category, out var ids))
                    flagged[flag.Flag.Category] = ids = new HashSet<string>(StringComparer.Ordinal);
                ids.Add(flag.InteractionId);
            }

            cursor = page.Next;
        }
        while (cursor is not null);

        var injected = truth.SelectMany(t => t.Value.Select(c => (Category: c, Id: t.Key)))
            .GroupBy(x => x.Category)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var table = new Table().AddColumns("category", "injected", "flagged", "caught", "false positives", "missed");
        foreach (var category in injected.Keys.Union(flagged.Keys).Order(StringComparer.Ordinal))
        {
            var truthIds = injected.GetValueOrDefault(category) ?? [];
            var flagIds = flagged.GetValueOrDefault(category) ?? [];
            var caught = truthIds.Count(flagIds.Contains);
            table.AddRow(category, truthIds.Count.ToString("N0"), flagIds.Count.ToString("N0"), caught.ToString("N0"),
                (flagIds.Count - caught).ToString("N0"), (truthIds.Count - caught).ToString("N0"));
        }

        AnsiConsole.WriteLine($"{truth.Count:N0} demo interactions ingested and processed.");
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine("'flagged' = 'caught' + 'false positives': a false positive is an interaction flagged in a category the generator did not inject into it (over-refusal's are the right refusals of high-risk requests, which the generator injected as unsafe-assistance).");
        AnsiConsole.WriteLine("'missed' is what slips past the detectors: most invented claims leave no phrase to match, and only answers with resamples can be checked for self-agreement.");
        return flagged;
    }

    /// <summary>Waits (bounded) for the monitors to evaluate the history, then prints the alerts they raised beside the injected shift.</summary>
    public static async Task PrintAlertsAsync(IAlertStore alerts, Demo.DemoShift shift, CancellationToken cancellationToken)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine($"Injected shift: in the last hour, atlas@{shift.Version} invents claims in {shift.Rates.Hallucination:P0} of its answers ({Demo.DemoRates.Default.Hallucination:P0} before).");
        IReadOnlyList<StoredAlertEvent> events = [];
        // Bounded: the monitor worker evaluates every 5 s here; 12 s without an alert means it saw nothing to report.
        for (var i = 0; i < 24 && !events.Any(e => e.Alert.RuleId == "self-agreement-drop"); i++)
        {
            await Task.Delay(500, cancellationToken);
            events = await alerts.ListAsync(50, null, null, cancellationToken);
        }

        if (events.Count == 0)
        {
            AnsiConsole.WriteLine("No monitor alert yet (GET /v1/alerts lists them as they come).");
            return;
        }

        AnsiConsole.WriteLine("Monitor alerts (also in the log, on the webhooks, on /ui/dashboard and at GET /v1/alerts):");
        foreach (var e in events.OrderBy(e => e.EventId))
            AnsiConsole.WriteLine($"  {(e.Alert.State == Monitoring.AlertState.Firing ? "FIRING  " : "resolved")} {e.Alert.RuleId} [{e.Alert.Key}]: {e.Alert.Message}");
        AnsiConsole.WriteLine("Only the invented claims were injected (with the drift in response length and flags they bring); any other alert is a chance finding, which each rule allows at its alpha.");
    }
}
