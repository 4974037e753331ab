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
    public void Print(TextWriter output, Uri address, string database)
    {
        output.WriteLine();
        output.WriteLine($"Sign in at {address}ui/ with one of these keys (shown once; list them with: assay keys list --db {Shell.Quote(database)})");
        output.WriteLine($"  reviewer alice  {Alice}");
        output.WriteLine($"  reviewer bob    {Bob}");
        output.WriteLine($"  lead carol      {Lead}");
        output.WriteLine($"  admin           {Admin}");
        output.WriteLine($"  ingest          {Ingest}   (sends traffic: POST /v1/interactions; it cannot read)");
        output.WriteLine("Every API call needs a key. For the README's examples, paste:");
        output.WriteLine($"  export ASSAY_INGEST_KEY={Ingest} ASSAY_ADMIN_KEY={Admin} ASSAY_REVIEWER_KEY={Alice}");
        output.WriteLine($"  curl -H \"Authorization: Bearer $ASSAY_REVIEWER_KEY\" {address}v1/review/next");
    }
}
