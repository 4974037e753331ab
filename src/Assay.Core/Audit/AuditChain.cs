using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Assay.Audit;

/// <summary>The audit hash chain: how an entry is made canonical and hashed, and how a stored chain is verified.</summary>
/// <remarks>
/// Pure, so that a third party can re-verify an export with this type or with the procedure in docs/AUDIT.md.
/// An entry's canonical JSON is the object <c>{actor:{key,name}, kind, payload, seq, subjects, time}</c> written by
/// <see cref="AuditCanonicalJson"/>, with <c>time</c> as UTC ISO 8601 to the millisecond. Its hash is SHA-256 of the
/// previous entry's hash (32 bytes; zeros before the first) followed by that JSON in UTF-8.
/// </remarks>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>How far back and ahead the verifier looks to tell an insertion or a reordering from a deletion.</summary>
    private const int Window = 256;

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The entry that follows <paramref name="previousHash"/> at <paramref name="seq"/>, with its hash.</summary>
    public static AuditEntry Link(long seq, DateTimeOffset time, string previousHash, AuditRecord record)
    {
        var truncated = DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
        var subjects = AuditCanonicalJson.WriteStrings(record.Subjects);
        var entry = new AuditEntry(seq, truncated, record.Actor, record.Kind, subjects, record.Payload, previousHash, "");
        return entry with { Hash = ComputeHash(previousHash, Canonical(entry)) };
    }

    /// <summary>The canonical JSON of an entry's content (everything but its hashes).</summary>
    /// <exception cref="System.Text.Json.JsonException">The stored subjects or payload are not JSON.</exception>
    public static string Canonical(AuditEntry entry) => AuditCanonicalJson.Write(new JsonObject
    {
        ["seq"] = entry.Seq,
        ["time"] = FormatTime(entry.Time),
        ["actor"] = new JsonObject { ["key"] = entry.Actor.KeyId, ["name"] = entry.Actor.Name },
        ["kind"] = entry.Kind,
        ["subjects"] = JsonNode.Parse(entry.Subjects),
        ["payload"] = JsonNode.Parse(entry.Payload),
    });

    public static string ComputeHash(string previousHash, string canonical)
    {
        var previous = Convert.FromHexString(previousHash);
        var content = Encoding.UTF8.GetBytes(canonical);
        var buffer = new byte[previous.Length + content.Length];
        previous.CopyTo(buffer, 0);
        content.CopyTo(buffer, previous.Length);
        return Convert.ToHexStringLower(SHA256.HashData(buffer));
    }

    /// <summary>Walks <paramref name="entries"/> in stored order and stops at the first broken one.</summary>
    /// <remarks>
    /// A broken link is told apart by where the hash it names is: on an earlier entry (entries were inserted after that
    /// one), on a later one (reordered), or nowhere (the entry before was deleted). A deletion or substitution at the very
    /// end cannot be seen from the chain alone: compare the head with an anchor (<see cref="CheckAnchor"/>).
    /// </remarks>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var recent = new Dictionary<string, long>(StringComparer.Ordinal);
        var recentOrder = new Queue<string>();
        var ahead = new List<AuditEntry>(Window);
        await using var source = entries.GetAsyncEnumerator(cancellationToken);
        var exhausted = false;
        long count = 0, headSeq = 0;
        var headHash = Genesis;
        while (true)
        {
            while (!exhausted && ahead.Count < Window)
            {
                if (await source.MoveNextAsync())
                    ahead.Add(source.Current);
                else
                    exhausted = true;
            }

            if (ahead.Count == 0)
                return new AuditVerification(count, headSeq, headHash, null, null, null);
            var entry = ahead[0];
            ahead.RemoveAt(0);
            count++;
            if (!string.Equals(entry.PreviousHash, headHash, StringComparison.Ordinal))
                return Broken(BrokenLink(entry, headSeq, recent, ahead));
            string canonical;
            try
            {
                canonical = Canonical(entry);
            }
            catch (System.Text.Json.JsonException)
            {
                return Broken((entry.Seq, AuditBreak.Edited, $"entry {entry.Seq} was edited: its stored subjects or payload are not JSON"));
            }

            if (entry.Seq != headSeq + 1 || !string.Equals(ComputeHash(headHash, canonical), entry.Hash, StringComparison.Ordinal))
                return Broken((entry.Seq, AuditBreak.Edited, $"entry {entry.Seq} was edited: its content does not hash to its stored hash"));
            headSeq = entry.Seq;
            headHash = entry.Hash;
            recent[entry.Hash] = entry.Seq;
            recentOrder.Enqueue(entry.Hash);
            if (recentOrder.Count > Window)
                recent.Remove(recentOrder.Dequeue());
        }

        AuditVerification Broken((long Seq, AuditBreak How, string Detail) at) =>
            new(count, headSeq, headHash, at.Seq, at.How, at.Detail);
    }

    /// <summary>Walks entries already in memory (an export read back, a test).</summary>
    public static Task<AuditVerification> VerifyAsync(IEnumerable<AuditEntry> entries) =>
        VerifyAsync(entries.ToAsyncEnumerable(), CancellationToken.None);

    /// <summary>Checks a head recorded earlier (an anchor) against the chain: the anchored entry must still be there, unchanged.</summary>
    /// <returns>Null when the anchor holds; else why not.</returns>
    public static string? CheckAnchor(long anchorSeq, string anchorHash, Func<long, string?> hashAt)
    {
        var stored = hashAt(anchorSeq);
        if (stored is null)
            return $"entry {anchorSeq} of the anchor is missing: the tail of the chain was cut off";
        return string.Equals(stored, anchorHash, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"entry {anchorSeq} does not have the anchored hash: the chain was rewritten up to it";
    }

    private static (long, AuditBreak, string) BrokenLink(AuditEntry entry, long headSeq, Dictionary<string, long> recent, List<AuditEntry> ahead)
    {
        if (recent.TryGetValue(entry.PreviousHash, out var earlier))
            return (earlier + 1, AuditBreak.Inserted, $"entries after {earlier} were inserted: entry {entry.Seq} links to entry {earlier}");
        var later = ahead.FindIndex(e => string.Equals(e.Hash, entry.PreviousHash, StringComparison.Ordinal));
        if (later >= 0)
            return (entry.Seq, AuditBreak.Reordered, $"entry {entry.Seq} was reordered: it links to entry {ahead[later].Seq}, stored after it");
        return (entry.Seq, AuditBreak.Deleted, $"an entry after {headSeq} was deleted: entry {entry.Seq} links to a hash no entry has");
    }
}
