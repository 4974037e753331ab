using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assay.Audit;

/// <summary>The JSONL export of the audit chain: one canonical entry per line, with <c>prev_hash</c> and <c>hash</c> added.</summary>
/// <remarks>
/// A line without its two hash fields, re-canonicalised, is exactly the text that was hashed, so a verifier needs only
/// a JSON parser and SHA-256 (docs/AUDIT.md shows one in Python).
/// </remarks>
public static class AuditExport
{
    public static string Line(AuditEntry entry)
    {
        var node = JsonNode.Parse(AuditChain.Canonical(entry))!.AsObject();
        node["prev_hash"] = entry.PreviousHash;
        node["hash"] = entry.Hash;
        return AuditCanonicalJson.Write(node);
    }

    /// <summary>Reads one exported line back into an entry.</summary>
    /// <exception cref="FormatException">The line is not an exported entry; the message says which field is wrong.</exception>
    public static AuditEntry Parse(string line)
    {
        JsonObject node;
        try
        {
            node = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        try
        {
            var actor = node["actor"] as JsonObject ?? throw new FormatException("actor is missing");
            var time = DateTimeOffset.Parse(Text(node, "time"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            return new AuditEntry(
                node["seq"]?.GetValue<long>() ?? throw new FormatException("seq is missing"),
                time,
                new AuditActor(actor["key"]?.GetValue<string>(), Text(actor, "name")),
                Text(node, "kind"),
                AuditCanonicalJson.Write(node["subjects"] ?? throw new FormatException("subjects is missing")),
                AuditCanonicalJson.Write(node["payload"] ?? throw new FormatException("payload is missing")),
                Text(node, "prev_hash"),
                Text(node, "hash"));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static string Text(JsonObject node, string field) =>
        node[field]?.GetValue<string>() ?? throw new FormatException($"{field} is missing");
}
