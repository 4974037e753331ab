using System.CommandLine;
using Assay.Review;
using Assay.Storage;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay keys create|list|revoke</c>: API keys, managed straight in the database file.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Manage API keys (stored hashed; a token is shown once, at creation)");
        keys.Subcommands.Add(CreateKey());
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Revoke());
        return keys;
    }

    /// <summary>Creates a key in <paramref name="store"/>; returns the token, which is never stored.</summary>
    internal static async Task<string> IssueAsync(IReviewStore store, string name, Role role, string project, CancellationToken cancellationToken, DateTimeOffset? expires = null, IAuditStore? audit = null)
    {
        var (token, keyId, hash) = ApiKeySecrets.Create();
        var key = new ApiKey(keyId, name, role, project, TimeProvider.System.GetUtcNow(), null, expires);
        await store.CreateKeyAsync(key, hash, cancellationToken);
        if (audit is not null)
            await audit.AppendAsync(Audit.AuditRecords.KeyCreated(CliStores.Operator, key), cancellationToken);
        return token;
    }

    private static Command CreateKey()
    {
        var db = CommonOptions.Database();
        var name = new Option<string>("--name") { Description = "Who holds the key (a reviewer's name)", Required = true };
        var role = new Option<Role>("--role") { Description = "ingest, reviewer, lead or admin", Required = true };
        // Only the four names: the enum parser would also take numbers and comma lists ("reviewer,lead" reads as admin).
        role.AcceptOnlyFromAmong("ingest", "reviewer", "lead", "admin");
        var project = new Option<string>("--project") { Description = "The only project the key sees; '*' for all", DefaultValueFactory = _ => ApiKey.AllProjects };
        var expires = new Option<string?>("--expires") { Description = "When the key stops working, RFC 3339 (e.g. 2027-01-31T00:00:00Z); never when omitted" };
        var command = new Command("create", "Create a key and print its token (once)") { db, name, role, project, expires };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var holder = parse.GetValue(name)!;
            if (string.IsNullOrWhiteSpace(holder) || holder.Length > 100)
                return CommonOptions.Fail("keys create", "--name must be 1 to 100 characters");
            DateTimeOffset? expiresAt = null;
            if (parse.GetValue(expires) is { } text)
            {
                if (!Assay.Ingest.Rfc3339.TryParse(text, out var at))
                    return CommonOptions.Fail("keys create", $"--expires '{text}' is not an RFC 3339 date-time with an offset, e.g. 2027-01-31T00:00:00Z");
                if (at <= TimeProvider.System.GetUtcNow())
                    return CommonOptions.Fail("keys create", $"--expires {text} is in the past");
                expiresAt = at;
            }

            var (stores, error) = await CliStores.OpenAsync(parse.GetValue(db)!, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("keys create", error!);
            await using var _ = stores;
            var token = await IssueAsync(stores.Reviews, holder, parse.GetValue(role), parse.GetValue(project)!, cancellationToken, expiresAt, stores.Audit);
            Console.WriteLine(token);
            Console.Error.WriteLine("This token is shown once; Assay keeps only its hash.");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Database();
        var command = new Command("list", "List keys (never their secrets)") { db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("keys list", path);
            var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("keys list", error!);
            await using var _ = stores;
            var table = new Table().AddColumns("key", "name", "role", "project", "created", "expires", "last used", "revoked");
            var store = stores.Reviews;
            IReadOnlyList<ApiKey> page;
            string? after = null;
            do
            {
                page = await store.ListKeysAsync(ApiKey.AllProjects, after, 1000, cancellationToken);
                foreach (var key in page)
                {
                    table.AddRow(key.KeyId, Markup.Escape(key.Name), key.Role.ToString().ToLowerInvariant(), Markup.Escape(key.Project),
                        key.CreatedAt.ToString("u"), key.ExpiresAt?.ToString("u") ?? "never", key.LastUsedAt?.ToString("u") ?? "never", key.RevokedAt?.ToString("u") ?? "");
                }

                after = page.Count > 0 ? page[^1].KeyId : null;
            }
            while (page.Count == 1000);

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var db = CommonOptions.Database();
        var keyId = new Argument<string>("key") { Description = "The key id (the part after assay_, before the next _)" };
        var command = new Command("revoke", "Revoke a key; it stops working at once") { db, keyId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("keys revoke", path);
            var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("keys revoke", error!);
            await using var _ = stores;
            var revoked = await stores.Reviews.RevokeKeyAsync(parse.GetValue(keyId)!, TimeProvider.System.GetUtcNow(), cancellationToken);
            if (revoked)
                await stores.Audit.AppendAsync(Audit.AuditRecords.KeyRevoked(CliStores.Operator, parse.GetValue(keyId)!), cancellationToken);
            return revoked ? 0 : CommonOptions.Fail("keys revoke", $"no active key '{parse.GetValue(keyId)}'");
        });
        return command;
    }
}
