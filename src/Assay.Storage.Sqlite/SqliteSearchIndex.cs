using Assay.Domain;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Writes interactions' search rows (<see cref="SearchSchema"/>) inside the caller's transaction, with prepared commands.</summary>
internal sealed class SqliteSearchIndex : IDisposable
{
    private readonly SqliteCommand _facets;
    private readonly SqliteCommand _text;

    public SqliteSearchIndex(SqliteConnection connection, SqliteTransaction transaction)
    {
        _facets = SqliteCommands.Create(connection, transaction,
            "INSERT INTO interaction_facets (seq, model_version, session_id) VALUES ($seq, $version, $session)");
        _text = SqliteCommands.Create(connection, transaction,
            "INSERT INTO interaction_text (rowid, input, response, reasoning) VALUES ($seq, $input, $response, $reasoning)");
    }

    public void Add(long sequence, Interaction interaction)
    {
        SqliteCommands.Bind(_facets, ("$seq", sequence), ("$version", (object?)interaction.ModelVersion ?? DBNull.Value),
            ("$session", (object?)interaction.Metadata.SessionId ?? DBNull.Value));
        _facets.ExecuteNonQuery();
        SqliteCommands.Bind(_text, ("$seq", sequence), ("$input", SearchText.Input(interaction)),
            ("$response", SearchText.Response(interaction)), ("$reasoning", SearchText.Reasoning(interaction)));
        _text.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _facets.Dispose();
        _text.Dispose();
    }
}
