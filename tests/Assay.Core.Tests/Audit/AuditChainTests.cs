using System.Text.Json.Nodes;
using Assay.Audit;

namespace Assay.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 5, 14, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Write_sorts_keys_and_escapes_everything_outside_printable_ascii()
    {
        var json = AuditCanonicalJson.Write(new JsonObject
        {
            ["zeta"] = 1,
            ["alpha"] = new JsonArray("é", "a\"b\\c", "\u007f\t", null, true),
            ["Beta"] = new JsonObject { ["y"] = -2, ["x"] = false },
        });

        Assert.Equal("{\"Beta\":{\"x\":false,\"y\":-2},\"alpha\":[\"\\u00e9\",\"a\\\"b\\\\c\",\"\\u007f\\t\",null,true],\"zeta\":1}", json);
    }

    [Fact]
    public void Write_refuses_fractional_numbers()
    {
        Assert.Throws<ArgumentException>(() => AuditCanonicalJson.Write(new JsonObject { ["x"] = 0.5 }));
    }

    [Fact]
    public void Link_hashes_the_previous_hash_bytes_then_the_canonical_entry()
    {
        var entry = AuditChain.Link(1, s_at, AuditChain.Genesis, AuditRecord.Create(AuditActor.Key("k1", "Ann"), "key.created", ["key:k2"], new JsonObject { ["role"] = "reviewer" }));

        Assert.Equal(
            "{\"actor\":{\"key\":\"k1\",\"name\":\"Ann\"},\"kind\":\"key.created\",\"payload\":{\"role\":\"reviewer\"},\"seq\":1,\"subjects\":[\"key:k2\"],\"time\":\"2026-12-05T14:00:00.123Z\"}",
            AuditChain.Canonical(entry));
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            [.. new byte[32], .. System.Text.Encoding.UTF8.GetBytes(AuditChain.Canonical(entry))]));
        Assert.Equal(expected, entry.Hash);
    }

    [Fact]
    public async Task VerifyAsync_reports_an_intact_chain_with_its_head()
    {
        var chain = Chain(3);

        var verification = await AuditChain.VerifyAsync(chain);

        Assert.True(verification.Intact);
        Assert.Equal((3L, 3L, chain[2].Hash), (verification.Entries, verification.HeadSeq, verification.HeadHash));
    }

    [Fact]
    public async Task VerifyAsync_tells_an_edit_from_a_deletion_a_reordering_and_an_insertion()
    {
        var chain = Chain(5);

        var edited = await AuditChain.VerifyAsync([chain[0], chain[1] with { Kind = "other" }, .. chain[2..]]);
        var deleted = await AuditChain.VerifyAsync([chain[0], .. chain[2..]]);
        var reordered = await AuditChain.VerifyAsync([chain[0], chain[2], chain[1], .. chain[3..]]);
        var forged = AuditChain.Link(3, s_at, chain[1].Hash, Record(9));
        var inserted = await AuditChain.VerifyAsync([chain[0], chain[1], forged, .. chain[2..]]);

        Assert.Equal((AuditBreak.Edited, 2L), (edited.Break, edited.BrokenSeq));
        Assert.Equal((AuditBreak.Deleted, 3L), (deleted.Break, deleted.BrokenSeq));
        Assert.Equal((AuditBreak.Reordered, 3L), (reordered.Break, reordered.BrokenSeq));
        Assert.Equal((AuditBreak.Inserted, 3L), (inserted.Break, inserted.BrokenSeq));
    }

    [Fact]
    public void CheckAnchor_sees_a_cut_off_tail_and_a_rewritten_head()
    {
        var chain = Chain(3);
        string? HashAt(long seq) => seq <= 2 ? chain[(int)seq - 1].Hash : null;

        Assert.Null(AuditChain.CheckAnchor(2, chain[1].Hash, HashAt));
        Assert.Contains("cut off", AuditChain.CheckAnchor(3, chain[2].Hash, HashAt), StringComparison.Ordinal);
        Assert.Contains("rewritten", AuditChain.CheckAnchor(2, chain[2].Hash, HashAt), StringComparison.Ordinal);
    }

    private static AuditRecord Record(int n) => AuditRecord.Create(AuditActor.System, "test", [$"item:{n}"], new JsonObject { ["n"] = n });

    private static AuditEntry[] Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var hash = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            entries.Add(AuditChain.Link(i, s_at.AddSeconds(i), hash, Record(i)));
            hash = entries[^1].Hash;
        }

        return [.. entries];
    }
}
