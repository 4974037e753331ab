using Assay.Review;
using Assay.Storage.Sqlite;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary>The keys <c>assay demo</c> creates so that a newcomer can review at once: two reviewers, a lead, an admin.</summary>
internal sealed record DemoKeys(string Ingest, string Alice, string Bob, string Lead, string Admin)
{
    public static async Task<DemoKeys> CreateAsync(SqliteDatabase database, CancellationToken cancellationToken) => new(
        await KeysCommand.IssueAsync(database, "demo-generator", Role.Ingest, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "alice", Role.Reviewer, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "bob", Role.Reviewer, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "carol", Role.Lead, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "admin", Role.Admin, ApiKey.AllProjects, cancellationToken));

    public void Print(Uri address)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine($"Sign in at {address}ui/ with one of these keys (shown once; 'assay keys list --db …' lists them):");
        AnsiConsole.WriteLine($"  reviewer alice  {Alice}");
        AnsiConsole.WriteLine($"  reviewer bob    {Bob}");
        AnsiConsole.WriteLine($"  lead carol      {Lead}");
        AnsiConsole.WriteLine($"  admin           {Admin}");
        AnsiConsole.WriteLine($"The API takes the same keys: curl -H 'Authorization: Bearer {Alice}' {address}v1/review/next");
    }
}
