using Assay.Ingest;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>
/// Interaction search on PostgreSQL (module <c>search</c>): a table of the facets the interactions table has no column
/// for and a <c>tsvector</c> of input, response and reasoning ('simple' configuration: lower-cased words, no stemming),
/// keyed by the interaction's sequence.
/// </summary>
/// <remarks>
/// Written by the application in the transaction that appends the interaction, not by a trigger, and with no foreign key:
/// it survives the interactions table being rebuilt. Retention deletes its rows with the interaction's.
/// </remarks>
internal static class PostgresSearch
{
    /// <summary>
    /// Indexes every interaction not indexed yet, from its stored body: the migration's backfill and a copy's last step.
    /// Escaped backslashes become <c>\u005c</c> first, so that only a real <c>\u0000</c> escape (which <c>jsonb</c> refuses) is blanked.
    /// </summary>
    public const string IndexMissing = """
        INSERT INTO interaction_search (seq, model_version, session_id, document)
        SELECT i.seq, d.doc->>'model_version', d.doc->'metadata'->>'session_id',
               to_tsvector('simple',
                   left(coalesce((SELECT string_agg(m->>'content', E'\n') FROM jsonb_array_elements(d.doc->'input') m), ''), 32768) || E'\n' ||
                   left(coalesce(d.doc->>'response', ''), 32768) || E'\n' || left(coalesce(d.doc->>'reasoning', ''), 32768))
        FROM interactions i
        CROSS JOIN LATERAL (SELECT replace(replace(convert_from(i.body, 'UTF8'), '\\', '\u005c'), '\u0000', '\u0020')::jsonb AS doc) d
        WHERE NOT EXISTS (SELECT 1 FROM interaction_search s WHERE s.seq = i.seq);
        """;

    public static readonly string[] Steps =
    [
        // 1: the search table, filled for the interactions already stored.
        """
        CREATE TABLE interaction_search (
            seq           bigint   PRIMARY KEY,
            model_version text,
            session_id    text,
            document      tsvector NOT NULL
        );
        CREATE INDEX ix_interaction_search_document ON interaction_search USING gin (document);
        CREATE INDEX ix_interaction_search_version ON interaction_search (model_version);
        CREATE INDEX ix_interaction_search_session ON interaction_search (session_id);
        """ + IndexMissing,
    ];

    /// <summary>Indexes the interactions of <paramref name="accepted"/>, just inserted in <paramref name="transaction"/>, found by id.</summary>
    public static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ParsedInteraction> accepted, CancellationToken cancellationToken)
    {
        if (accepted.Count == 0)
            return;
        await using var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO interaction_search (seq, model_version, session_id, document)
            SELECT i.seq, u.version, u.session, to_tsvector('simple', u.text)
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u (id, version, session, text)
            JOIN interactions i ON i.id = u.id
            """,
            accepted.Select(a => a.Interaction.Id).ToArray(),
            accepted.Select(a => a.Interaction.ModelVersion).ToArray(),
            accepted.Select(a => a.Interaction.Metadata.SessionId).ToArray(),
            accepted.Select(a => string.Join('\n', SearchText.Input(a.Interaction), SearchText.Response(a.Interaction), SearchText.Reasoning(a.Interaction))).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
