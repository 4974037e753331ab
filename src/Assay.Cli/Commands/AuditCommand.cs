using System.CommandLine;
using System.Globalization;
using Assay.Audit;

namespace Assay.Cli.Commands;

/// <summary><c>assay audit verify|export</c>: checks the audit hash chain, and writes it out for someone else to check.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var audit = new Command("audit", "Verify or export the tamper-evident audit log");
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Export());
        return audit;
    }

    private static Command Verify()
    {
        var db = CommonOptions.Database();
        var file = new Option<FileInfo?>("--file") { Description = "Verify an export (JSONL) instead of the database" };
        var anchor = new Option<string?>("--anchor") { Description = "A head recorded earlier, SEQ:HASH (from the anchor log or webhook): catches a cut-off tail" };
        var command = new Command("verify", "Walk the chain; exit 0 when intact, 1 when broken (naming the first broken entry), 2 on bad input") { db, file, anchor };
        command.SetAction(async (parse, cancellationToken) =>
        {
            long anchorSeq = 0;
            string? anchorHash = null;
            if (parse.GetValue(anchor) is { } text)
            {
                var parts = text.Split(':');
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out anchorSeq) || anchorSeq < 1
                    || parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
                    return CommonOptions.Fail("audit verify", $"--anchor '{text}' is not SEQ:HASH (a sequence number from 1, a colon, 64 hex digits)");
                anchorHash = parts[1];
            }

            AuditVerification verification;
            Func<long, string?> hashAt;
            if (parse.GetValue(file) is { } export)
            {
                if (!export.Exists)
                    return CommonOptions.Fail("audit verify", $"--file '{export.FullName}' does not exist");
                var entries = new List<AuditEntry>();
                var number = 0;
                foreach (var line in await File.ReadAllLinesAsync(export.FullName, cancellationToken))
                {
                    number++;
                    if (line.Length == 0)
                        continue;
                    try
                    {
                        entries.Add(AuditExport.Parse(line));
                    }
                    catch (FormatException e)
                    {
                        return CommonOptions.Fail("audit verify", $"--file line {number}: {e.Message}");
                    }
                }

                verification = await AuditChain.VerifyAsync(entries);
                hashAt = seq => entries.FirstOrDefault(e => e.Seq == seq)?.Hash;
            }
            else
            {
                var path = parse.GetValue(db)!;
                if (!CliStores.Exists(path))
                    return CommonOptions.MissingDatabase("audit verify", path);
                var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
                if (stores is null)
                    return CommonOptions.Fail("audit verify", error!);
                await using var _ = stores;
                verification = await AuditChain.VerifyAsync(stores.Audit.ReadChainAsync(0, cancellationToken), cancellationToken);
                var hashes = new Dictionary<long, string?>();
                if (anchorHash is not null)
                    hashes[anchorSeq] = await stores.Audit.HashAtAsync(anchorSeq, cancellationToken);
                hashAt = seq => hashes.GetValueOrDefault(seq);
            }

            if (!verification.Intact)
            {
                Console.WriteLine($"broken: {verification.Break!.Value.ToString().ToLowerInvariant()} at entry {verification.BrokenSeq}: {verification.Detail}");
                Console.WriteLine($"intact up to entry {verification.HeadSeq} ({verification.HeadHash})");
                return 1;
            }

            if (anchorHash is not null && AuditChain.CheckAnchor(anchorSeq, anchorHash, hashAt) is { } anchorProblem)
            {
                Console.WriteLine($"broken: {(hashAt(anchorSeq) is null ? "deleted" : "edited")} at entry {anchorSeq}: {anchorProblem}");
                return 1;
            }

            Console.WriteLine($"intact: {verification.Entries} entries, head {verification.HeadSeq} {verification.HeadHash}");
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var db = CommonOptions.Database();
        var output = new Option<FileInfo>("--out") { Description = "The JSONL file to write (one entry per line, with its hashes)", Required = true };
        var command = new Command("export", "Write the audit chain as JSONL with its hashes, for offline verification (docs/AUDIT.md)") { db, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("audit export", path);
            var target = parse.GetValue(output)!;
            if (target.Directory is { Exists: false } folder)
                return CommonOptions.Fail("audit export", $"--out: the folder '{folder.FullName}' does not exist");
            var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("audit export", error!);
            await using var _ = stores;
            long count = 0;
            await using (var writer = new StreamWriter(target.FullName, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            {
                await foreach (var entry in stores.Audit.ReadChainAsync(0, cancellationToken))
                {
                    await writer.WriteLineAsync(AuditExport.Line(entry));
                    count++;
                }
            }

            Console.Error.WriteLine($"wrote {count} entries to {target.FullName}");
            return 0;
        });
        return command;
    }
}
