using Spectre.Console;

namespace Assay.Cli.Commands.Ingest;

/// <summary>Running totals of an ingest, and the first few problems to show the user.</summary>
internal sealed class IngestTally
{
    private const int ProblemsShown = 20;
    private readonly List<LineOutcome> _problems = [];

    public long Accepted { get; private set; }
    public long Duplicate { get; private set; }
    public long Rejected { get; private set; }
    public long Conflict { get; private set; }
    public long Total => Accepted + Duplicate + Rejected + Conflict;

    public void Add(IEnumerable<LineOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            switch (outcome.Status)
            {
                case "accepted": Accepted++; break;
                case "duplicate": Duplicate++; break;
                case "conflict": Conflict++; Keep(outcome); break;
                default: Rejected++; Keep(outcome); break;
            }
        }
    }

    public void Print()
    {
        var table = new Table().AddColumn("result").AddColumn(new TableColumn("lines").RightAligned());
        table.AddRow("accepted", Accepted.ToString("N0"));
        table.AddRow("duplicate", Duplicate.ToString("N0"));
        table.AddRow("rejected", Rejected.ToString("N0"));
        table.AddRow("conflict", Conflict.ToString("N0"));
        AnsiConsole.Write(table);
        foreach (var problem in _problems)
            AnsiConsole.WriteLine($"line {problem.Line}: {problem.Status}: {problem.Reason}");
        if (Rejected + Conflict > _problems.Count)
            AnsiConsole.WriteLine($"… and {Rejected + Conflict - _problems.Count} more");
    }

    private void Keep(LineOutcome outcome)
    {
        if (_problems.Count < ProblemsShown)
            _problems.Add(outcome);
    }
}
