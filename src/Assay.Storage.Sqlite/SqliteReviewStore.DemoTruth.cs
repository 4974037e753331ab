using Assay.Demo;

namespace Assay.Storage.Sqlite;

/// <summary>The review store's copy of the demo's injected truth, which the metrics page shows leads beside the estimates.</summary>
public sealed partial class SqliteReviewStore
{
    public Task SaveDemoTruthAsync(IReadOnlyList<DemoTruth> truths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(truths);
        return database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            SqliteCommands.Execute(connection, transaction, "DELETE FROM demo_truth");
            foreach (var truth in truths)
            {
                SqliteCommands.Execute(connection, transaction, "INSERT INTO demo_truth (category, measure, truth) VALUES ($category, $measure, $truth)",
                    ("$category", truth.Category), ("$measure", truth.Measure), ("$truth", truth.Truth));
            }

            transaction.Commit();
            return 0;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DemoTruth>> DemoTruthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, "SELECT category, measure, truth FROM demo_truth ORDER BY category, measure");
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var truths = new List<DemoTruth>();
        while (await reader.ReadAsync(cancellationToken))
            truths.Add(new DemoTruth(reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        return truths;
    }
}
