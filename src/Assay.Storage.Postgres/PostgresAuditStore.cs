using System.Runtime.CompilerServices;
using System.Text;
using Assay.Audit;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>The audit log on PostgreSQL, one chain shared by every node (module <c>audit</c>).</summary>
/// <remarks>Thread-safe; appends from any node are serialised by <see cref="PostgresAudit"/>'s advisory lock.</remarks>
public sealed class PostgresAuditStore(PostgresDatabase database, TimeProvider clock) : IAuditStore
{
    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var entry = (await PostgresAudit.AppendAsync(connection, transaction, [record], clock.GetUtcNow(), cancellationToken))[0];
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    public async IAsyncEnumerable<AuditEntry> ReadChainAsync(long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {PostgresAudit.Columns} FROM audit_log WHERE seq > $1 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = afterSeq });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return PostgresAudit.Read(reader);
    }

    public async Task<AuditEntry?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {PostgresAudit.Columns} FROM audit_log ORDER BY seq DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresAudit.Read(reader) : null;
    }

    public async Task<AuditEntry?> HeadBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {PostgresAudit.Columns} FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = before.ToUnixTimeMilliseconds() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PostgresAudit.Read(reader) : null;
    }

    public async Task<string?> HashAtAsync(long seq, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT hash FROM audit_log WHERE seq = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = seq });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {PostgresAudit.Columns} FROM audit_log WHERE seq > $1");
        var values = new List<object?> { AuditCursor.Decode(query.After) };
        if (query.From is { } from)
            Where("at >= ", from.ToUnixTimeMilliseconds());
        if (query.To is { } to)
            Where("at < ", to.ToUnixTimeMilliseconds());
        // A key id, or the name of a keyless actor (system, cli).
        if (query.Actor is { } actor)
        {
            values.Add(actor);
            sql.Append(" AND (actor_key = $").Append(values.Count).Append(" OR (actor_key IS NULL AND actor_name = $").Append(values.Count).Append("))");
        }

        if (query.Subject is { } subject)
        {
            values.Add(subject);
            sql.Append(" AND seq IN (SELECT seq FROM audit_subjects WHERE subject = $").Append(values.Count).Append(')');
        }

        values.Add(query.Limit + 1);
        sql.Append(" ORDER BY seq LIMIT $").Append(values.Count);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, sql.ToString(), [.. values]);
        var items = new List<AuditEntry>(query.Limit);
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == query.Limit)
            {
                more = true;
                break;
            }

            items.Add(PostgresAudit.Read(reader));
        }

        return new AuditPage(items, more ? AuditCursor.Encode(items[^1].Seq) : null);

        void Where(string condition, object value)
        {
            values.Add(value);
            sql.Append(" AND ").Append(condition).Append('$').Append(values.Count);
        }
    }
}
