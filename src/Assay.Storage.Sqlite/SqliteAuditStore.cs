using System.Runtime.CompilerServices;
using System.Text;
using Assay.Audit;

namespace Assay.Storage.Sqlite;

/// <summary>The audit log on a SQLite file (module <c>audit</c>).</summary>
/// <remarks>Thread-safe: appends go through the one write connection; reads open their own.</remarks>
public sealed class SqliteAuditStore(SqliteDatabase database, TimeProvider clock) : IAuditStore
{
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken) =>
        await database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var entry = SqliteAudit.Append(connection, transaction, [record], clock.GetUtcNow())[0];
            transaction.Commit();
            return entry;
        }, cancellationToken);

    public async IAsyncEnumerable<AuditEntry> ReadChainAsync(long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, $"SELECT {SqliteAudit.Columns} FROM audit_log WHERE seq > $after ORDER BY seq", ("$after", afterSeq));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return SqliteAudit.Read(reader);
    }

    public async Task<AuditEntry?> HeadAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, $"SELECT {SqliteAudit.Columns} FROM audit_log ORDER BY seq DESC LIMIT 1");
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteAudit.Read(reader) : null;
    }

    public async Task<AuditEntry?> HeadBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, $"SELECT {SqliteAudit.Columns} FROM audit_log WHERE at < $before ORDER BY seq DESC LIMIT 1",
            ("$before", before.ToUnixTimeMilliseconds()));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? SqliteAudit.Read(reader) : null;
    }

    public async Task<string?> HashAtAsync(long seq, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, "SELECT hash FROM audit_log WHERE seq = $seq", ("$seq", seq));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {SqliteAudit.Columns} FROM audit_log WHERE seq > $after");
        command.Parameters.AddWithValue("$after", AuditCursor.Decode(query.After));
        if (query.From is { } from)
            Where("at >= $from", "$from", from.ToUnixTimeMilliseconds());
        if (query.To is { } to)
            Where("at < $to", "$to", to.ToUnixTimeMilliseconds());
        // A key id, or the name of a keyless actor (system, cli).
        if (query.Actor is { } actor)
            Where("(actor_key = $actor OR (actor_key IS NULL AND actor_name = $actor))", "$actor", actor);

        if (query.Subject is { } subject)
            Where("seq IN (SELECT seq FROM audit_subjects WHERE subject = $subject)", "$subject", subject);
        sql.Append(" ORDER BY seq LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();
        var items = new List<AuditEntry>(query.Limit);
        var more = false;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            items.Add(SqliteAudit.Read(reader));
        }

        return new AuditPage(items, more ? AuditCursor.Encode(items[^1].Seq) : null);

        void Where(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            command.Parameters.AddWithValue(name, value);
        }
    }
}
