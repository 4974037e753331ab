using Assay.Demo;

namespace Assay.Storage.Postgres;

/// <summary>The review store's copy of the demo's injected truth, which the metrics page shows leads beside the estimates.</summary>
public sealed partial class PostgresReviewStore
{
    public async Task SaveDemoTruthAsync(IReadOnlyList<DemoTruth> truths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(truths);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = PostgresCommands.Create(connection, transaction, "DELETE FROM demo_truth"))
            await clear.ExecuteNonQueryAsync(cancellationToken);
        foreach (var truth in truths)
        {
            await using var insert = PostgresCommands.Create(connection, transaction, "INSERT INTO demo_truth (category, measure, truth) VALUES ($1, $2, $3)",
                truth.Category, truth.Measure, truth.Truth);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DemoTruth>> DemoTruthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // COLLATE "C": the same byte order as SQLite's, so both engines list the rows alike.
        await using var command = PostgresCommands.Create(connection, null, "SELECT category, measure, truth FROM demo_truth ORDER BY category COLLATE \"C\", measure COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var truths = new List<DemoTruth>();
        while (await reader.ReadAsync(cancellationToken))
            truths.Add(new DemoTruth(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        return truths;
    }
}
