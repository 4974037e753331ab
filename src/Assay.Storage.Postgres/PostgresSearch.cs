namespace Assay.Storage.Postgres;

/// <summary>
/// Interaction search on PostgreSQL (module <c>search</c>): a table of the facets the interactions table has no column
/// for and a <c>tsvector</c> of input, response and reasoning ('simple' configuration: lower-cased words, no stemming),
/// keyed by the interaction's sequence.
/// </summary>
/// <remarks>
/// Written when the pipeline marks the interaction processed, in that transaction, not when it is appended: computing the
/// <c>tsvector</c> and inserting it into the GIN index cost about three quarters of a durable append (docs/PERFORMANCE.md),
/// and an acknowledgement should wait only for the row itself. So an interaction is found by text, model version and
/// session once it is processed, usually within a second, like its flags and tier. Its foreign key (step 2)
/// refers to <c>interaction_ids</c>, which is never rebuilt (the partitioned <c>interactions</c> cannot be referred to by
/// <c>seq</c> alone), so the database refuses a search row of an unknown interaction and retention must delete the search
/// row before the id, also for an interaction whose day partition it then drops.
/// </remarks>
internal static class PostgresSearch
{
    /// <summary>
    /// Indexes every interaction not indexed yet, from its stored body: the migration's backfill and a copy's last step.
    /// </summary>
    public const string IndexMissing = IndexFromBody + "WHERE NOT EXISTS (SELECT 1 FROM interaction_search s WHERE s.seq = i.seq);";

    /// <summary>
    /// Indexes the processed interactions whose sequences are <c>$1</c>, from their stored bodies; one already indexed (a
    /// reprocessed interaction, whose text cannot have changed) is left as it is.
    /// </summary>
    public const string IndexProcessed = IndexFromBody + "WHERE i.seq = ANY($1) ON CONFLICT (seq) DO NOTHING;";

    /// <summary>
    /// The search row of each interaction <c>i</c> the caller's <c>WHERE</c> picks, read from its canonical JSON body.
    /// Escaped backslashes become <c>\u005c</c> first, so that only a real <c>\u0000</c> escape (which <c>jsonb</c> refuses) is blanked.
    /// </summary>
    private const string IndexFromBody = """
        INSERT INTO interaction_search (seq, model_version, session_id, document)
        SELECT i.seq, d.doc->>'model_version', d.doc->'metadata'->>'session_id',
               to_tsvector('simple',
                   left(coalesce((SELECT string_agg(m->>'content', E'\n') FROM jsonb_array_elements(d.doc->'input') m), ''), 32768) || E'\n' ||
                   left(coalesce(d.doc->>'response', ''), 32768) || E'\n' || left(coalesce(d.doc->>'reasoning', ''), 32768))
        FROM interactions i
        CROSS JOIN LATERAL (SELECT replace(replace(convert_from(i.body, 'UTF8'), '\\', '\u005c'), '\u0000', '\u0020')::jsonb AS doc) d

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

        // 2: the search row refers to its interaction's id row, as flags and tasks do ("retention" step 2, which runs first,
        // made interaction_ids). A row whose interaction is gone could only be left by a bug; it is deleted, not kept.
        """
        DELETE FROM interaction_search s WHERE NOT EXISTS (SELECT 1 FROM interaction_ids d WHERE d.seq = s.seq);
        ALTER TABLE interaction_search ADD CONSTRAINT interaction_search_seq_fkey FOREIGN KEY (seq) REFERENCES interaction_ids (seq);
        """,
    ];
}
