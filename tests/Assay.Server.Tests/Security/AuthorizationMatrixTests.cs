using Assay.Server.Tests.OpenApi;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>
/// Every operation the server answers, tried with every kind of caller, against the one table of expected outcomes in
/// <c>authorization-matrix.txt</c>; an operation without a row fails, so a new endpoint cannot slip past.
/// </summary>
public sealed class AuthorizationMatrixTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task Table_has_a_row_for_every_served_operation_and_no_other()
    {
        var table = MatrixTable.Load();
        var documented = await ServedOperations.FromOpenApiAsync(server.Http);
        var routed = ServedOperations.FromRoutes(server.Services);
        var rows = table.Rows.Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);

        var missing = documented.Union(routed).Where(o => !rows.Contains(o)).Order(StringComparer.Ordinal).ToList();
        var stale = rows.Where(o => !documented.Contains(o) && !routed.Contains(o)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(MatrixCallers.Columns, table.Columns);
        Assert.True(missing.Count + stale.Count == 0,
            $"operations served without a row in authorization-matrix.txt: [{string.Join(", ", missing)}]; rows for operations no longer served: [{string.Join(", ", stale)}]");
    }

    [Fact]
    public async Task Every_operation_answers_every_caller_as_the_table_says()
    {
        using var observed = new ObservedStatuses(server.Services);
        var table = MatrixTable.Load();
        var data = await MatrixData.CreateAsync(server, ReviewAssayServer.Project(), MatrixRequests.FreshTasksFor(table));
        var callers = await MatrixCallers.CreateAsync(server, ReviewAssayServer.Project());
        var requests = new MatrixRequests(data);
        var failures = new List<string>();

        foreach (var row in table.Rows)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var column = table.Columns[c];
                using var ui = row.IsUi ? await callers.UiAsync(column) : null;
                using var request = await requests.BuildAsync(row, ui);
                using var response = await (ui?.Client ?? callers.Api(column)).SendAsync(request);
                var failure = await CellCheck.FailureAsync(row.Expected[c], column, row, response);
                if (failure is null && callers.IsOtherProject(column) && response.IsSuccessStatusCode
                    && data.LeakIn(await response.Content.ReadAsStringAsync()) is { } leaked)
                {
                    failure = $"answered {(int)response.StatusCode} with project P's '{leaked}' to a caller of another project";
                }

                if (failure is not null)
                    failures.Add($"{row.Operation} [{column}]: {failure}");
            }
        }

        // The lists that callers of another project read must hold P's data for a global caller, or their check above proves nothing.
        foreach (var list in new[] { "v1/flags?limit=1000", "v1/review/tasks?limit=1000", "v1/keys?limit=1000" })
        {
            if (data.LeakIn(await callers.Api("admin").GetStringAsync(new Uri(list, UriKind.Relative))) is null)
                failures.Add($"GET /{list} [admin]: shows none of project P's data, so the other-project cells check nothing");
        }

        // A caller of another project must have written nothing, whatever status it was answered.
        var names = string.Join(", ", callers.OtherProjectNames.Select((_, i) => $"$p{i}"));
        var written = await server.RowsAsync(
            $"SELECT 'label by ' || reviewer FROM labels WHERE reviewer IN ({names}) UNION ALL SELECT 'adjudication by ' || lead FROM adjudications WHERE lead IN ({names})",
            [.. callers.OtherProjectNames]);
        failures.AddRange(written.Select(w => $"a caller of another project wrote to project P: {w[0]}"));

        Assert.True(failures.Count == 0, $"{failures.Count} of {table.Rows.Count * table.Columns.Count} cells differ from authorization-matrix.txt:\n" + string.Join('\n', failures));

        // Clients generated from the document must know every answer: each status seen here is declared there.
        var undeclared = await observed.UndeclaredAsync(server.Http);
        Assert.True(observed.Count >= table.Rows.Count, $"only {observed.Count} (operation, status) pairs were recorded: is the request metric still published?");
        Assert.True(undeclared.Count == 0, string.Join('\n', undeclared));
    }
}
