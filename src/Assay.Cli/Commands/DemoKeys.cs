using Assay.Review;
using Assay.Storage;

namespace Assay.Cli.Commands;

/// <summary>The keys <c>assay demo</c> creates so that a newcomer can send traffic and review at once: ingest, two reviewers, a lead, an admin.</summary>
internal sealed record DemoKeys(string Ingest, string Alice, string Bob, string Lead, string Admin)
{
    public static async Task<DemoKeys> CreateAsync(IReviewStore database, CancellationToken cancellationToken) => new(
        await KeysCommand.IssueAsync(database, "demo-generator", Role.Ingest, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "alice", Role.Reviewer, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "bob", Role.Reviewer, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "carol", Role.Lead, ApiKey.AllProjects, cancellationToken),
        await KeysCommand.IssueAsync(database, "admin", Role.Admin, ApiKey.AllProjects, cancellationToken));

    /// <summary>Prints the keys on whole lines (never wrapped, so that they can be copied), with the exports the README's examples use.</summary>
    public void Print(Uri address)
    {
        Console.WriteLine();
        Console.WriteLine($"Sign in at {address}ui/ with one of these keys (shown once; 'assay keys list --db …' lists them):");
        Console.WriteLine($"  reviewer alice  {Alice}");
        Console.WriteLine($"  reviewer bob    {Bob}");
        Console.WriteLine($"  lead carol      {Lead}");
        Console.WriteLine($"  admin           {Admin}");
        Console.WriteLine($"  ingest          {Ingest}   (sends traffic: POST /v1/interactions; it cannot read)");
        Console.WriteLine("Every API call needs a key. For the README's examples, paste:");
        Console.WriteLine($"  export ASSAY_INGEST_KEY={Ingest} ASSAY_ADMIN_KEY={Admin} ASSAY_REVIEWER_KEY={Alice}");
        Console.WriteLine($"  curl -H \"Authorization: Bearer $ASSAY_REVIEWER_KEY\" {address}v1/review/next");
    }
}
