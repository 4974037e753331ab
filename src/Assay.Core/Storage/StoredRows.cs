using System.Data.Common;
using System.Text.Json;
using Assay.Detection.Consistency;
using Assay.Json;
using Assay.Review;

namespace Assay.Storage;

/// <summary>Reads the records every engine stores in the same columns, so that SQLite and PostgreSQL cannot drift apart.</summary>
/// <remarks>Columns are read by position from <c>first</c>; each engine's SQL selects them in the order documented here.</remarks>
public static class StoredRows
{
    /// <summary>The nine columns source, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens.</summary>
    public static SelfAgreementRecord SelfAgreement(DbDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var samples = reader.IsDBNull(first + 6)
            ? null
            : JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(first + 6), AssayJsonContext.Default.IReadOnlyListString);
        return new SelfAgreementRecord(
            reader.GetString(first) == "drawn" ? SampleSource.Drawn : SampleSource.Client,
            reader.GetString(first + 1),
            Enum.Parse<SelfAgreementMethod>(reader.GetString(first + 2)),
            reader.GetInt32(first + 3),
            reader.IsDBNull(first + 4) ? double.NaN : reader.GetDouble(first + 4),
            reader.GetInt32(first + 5),
            samples,
            reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
            reader.IsDBNull(first + 8) ? null : reader.GetInt64(first + 8));
    }

    /// <summary>
    /// The twelve columns interaction_seq, rule, policy, model, outcome, score, quotes (a JSON array), explanation, problem,
    /// answer, tokens, recorded_at.
    /// </summary>
    public static JudgeRecord Judge(DbDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var quotes = JsonSerializer.Deserialize(reader.GetString(first + 6), AssayJsonContext.Default.IReadOnlyListString) ?? [];
        var verdict = new Judging.JudgeVerdict(
            Outcome(reader.GetString(first + 4)),
            reader.IsDBNull(first + 5) ? null : reader.GetDouble(first + 5),
            quotes,
            reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
            reader.IsDBNull(first + 8) ? null : reader.GetString(first + 8));
        return new JudgeRecord(reader.GetInt64(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3), verdict,
            reader.GetString(first + 9), reader.GetInt64(first + 10), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 11)));
    }

    /// <summary>How an outcome is stored: <c>fail</c>, <c>pass</c> or <c>malformed</c>.</summary>
    public static string OutcomeText(Judging.JudgeOutcome outcome) => outcome switch
    {
        Judging.JudgeOutcome.Fail => "fail",
        Judging.JudgeOutcome.Pass => "pass",
        _ => "malformed",
    };

    /// <summary>The quotes of a verdict as stored: a JSON array.</summary>
    public static string QuotesText(IReadOnlyList<string> quotes) => JsonSerializer.Serialize(quotes, AssayJsonContext.Default.IReadOnlyListString);

    public static Judging.JudgeOutcome Outcome(string text) => text switch
    {
        "fail" => Judging.JudgeOutcome.Fail,
        "pass" => Judging.JudgeOutcome.Pass,
        _ => Judging.JudgeOutcome.Malformed,
    };

    /// <summary>The three columns categories (a sorted JSON array), severity, note.</summary>
    public static Verdict Verdict(DbDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Verdict(
            JsonSerializer.Deserialize<string[]>(reader.GetString(first))!.ToHashSet(StringComparer.Ordinal),
            reader.IsDBNull(first + 1) ? null : (Domain.Severity)reader.GetInt32(first + 1),
            reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2));
    }

    /// <summary>The nine columns label_id, task_id, reviewer, categories, severity, note, seconds, created_at, and the id of the label it supersedes.</summary>
    public static Label Label(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Label(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), Verdict(reader, 3),
            reader.IsDBNull(6) ? null : reader.GetDouble(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            reader.IsDBNull(8) ? null : reader.GetInt64(8));
    }

    /// <summary>The eight columns key_id, name, role, project, created_at, revoked_at, expires_at, last_used_at.</summary>
    public static ApiKey Key(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new ApiKey(reader.GetString(0), reader.GetString(1), Enum.Parse<Role>(reader.GetString(2), ignoreCase: true), reader.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), Time(reader, 5), Time(reader, 6), Time(reader, 7));
    }

    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}
