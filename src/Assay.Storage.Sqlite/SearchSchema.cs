namespace Assay.Storage.Sqlite;

/// <summary>
/// The schema of interaction search (module <c>search</c>): the facets the interactions table has no column for, and an
/// FTS5 index of each interaction's input, response and reasoning, both keyed by the interaction's sequence.
/// </summary>
/// <remarks>
/// Both are written by <see cref="SqliteSearchIndex"/> in the transaction that appends the interaction, and deleted with it by
/// retention. The full-text table is contentless (the text stays in the interaction's body) and deletable by rowid.
/// </remarks>
internal static class SearchSchema
{
    public const string Module = "search";

    /// <summary>Indexes every interaction not indexed yet, from its stored body: the migration's backfill and a copy's last step.</summary>
    /// <remarks>
    /// A NUL (JSON <c>\u0000</c>) would end the text for the tokenizer, so it becomes a space, as in <see cref="SearchText"/>;
    /// escaped backslashes become <c>\u005c</c> first, so that only a real <c>\u0000</c> escape is blanked.
    /// </remarks>
    public const string IndexMissing = """
        CREATE TEMP TABLE search_missing AS
            SELECT i.seq, replace(replace(CAST(i.body AS TEXT), '\\', '\u005c'), '\u0000', '\u0020') AS doc FROM interactions i
            WHERE NOT EXISTS (SELECT 1 FROM interaction_facets x WHERE x.seq = i.seq);
        INSERT INTO interaction_facets (seq, model_version, session_id)
            SELECT seq, json_extract(doc, '$.model_version'), json_extract(doc, '$.metadata.session_id') FROM search_missing;
        INSERT INTO interaction_text (rowid, input, response, reasoning)
            SELECT seq,
                   substr((SELECT group_concat(json_extract(m.value, '$.content'), char(10)) FROM json_each(doc, '$.input') m), 1, 32768),
                   substr(json_extract(doc, '$.response'), 1, 32768),
                   substr(coalesce(json_extract(doc, '$.reasoning'), ''), 1, 32768)
            FROM search_missing;
        DROP TABLE search_missing;
        """;

    public static readonly string[] Steps =
    [
        // 1: facets and the full-text index, filled for the interactions already stored.
        """
        CREATE TABLE interaction_facets (
            seq           INTEGER PRIMARY KEY,
            model_version TEXT,
            session_id    TEXT
        );
        CREATE INDEX ix_interaction_facets_version ON interaction_facets (model_version);
        CREATE INDEX ix_interaction_facets_session ON interaction_facets (session_id);
        CREATE VIRTUAL TABLE interaction_text USING fts5 (input, response, reasoning, content = '', contentless_delete = 1);
        """ + IndexMissing,
    ];
}
