using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Assay.Server.Dashboard;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>Builds the request of one cell: path parameters filled with project P's ids, and the smallest valid body where one is needed.</summary>
/// <remarks>
/// A request that changes a task or a key gets a fresh one, so that no cell depends on what an earlier cell did and
/// <c>ok</c> always means "got past authorization" rather than "the task was already closed".
/// </remarks>
internal sealed partial class MatrixRequests(MatrixData data)
{
    public async Task<HttpRequestMessage> BuildAsync(MatrixRow row, UiSession? ui)
    {
        var changes = row.Method is not ("GET" or "HEAD");
        var path = row.Path;
        foreach (Match parameter in PathParameter().Matches(row.Path))
            path = path.Replace(parameter.Value, Uri.EscapeDataString(await ValueAsync(parameter.Groups[1].Value, changes, row)), StringComparison.Ordinal);

        var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(path.TrimStart('/'), UriKind.Relative));
        if (changes)
            request.Content = ui is null ? JsonBody(row) : Form(row, ui);
        return request;
    }

    /// <summary>The number of fresh tasks <paramref name="table"/> needs: one per cell of each row that changes a task.</summary>
    public static int FreshTasksFor(MatrixTable table) =>
        table.Rows.Count(r => r.Method is not ("GET" or "HEAD") && r.Path.Contains("{taskId}", StringComparison.Ordinal)) * table.Columns.Count;

    private async Task<string> ValueAsync(string name, bool changes, MatrixRow row) => name switch
    {
        "id" => data.InteractionId,
        "taskId" => (changes ? data.FreshTask() : data.Task).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "keyId" => changes ? await data.FreshKeyAsync() : data.KeyId,
        "chart" => DashboardCharts.All[0],
        "documentName" => "v1",
        // The version every matrix server starts with; activating it again changes nothing a later cell sees.
        "hash" => Assay.Policy.StarterPolicy.Load().Hash,
        "incidentId" => data.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"{row.Operation}: no value for the path parameter {{{name}}}; teach MatrixRequests one"),
    };

    private StringContent JsonBody(MatrixRow row)
    {
        string json;
        if (row.Path == "/v1/interactions")
        {
            var id = Some.Id("matrix");
            data.Add(id);
            json = ReviewAssayServer.Interaction(id, data.Project).ToJsonString();
        }
        else if (row.Path == "/v1/traces")
        {
            var spanId = Otlp.OtlpJsonBodies.NewSpanId();
            json = Otlp.OtlpJsonBodies.Traces(data.Project, Otlp.OtlpJsonBodies.Span(spanId, string.Join(',',
                Otlp.OtlpJsonBodies.Attr("gen_ai.operation.name", "chat"),
                Otlp.OtlpJsonBodies.Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"q"}]}]"""))));
        }
        else if (row.Path == "/v1/logs")
        {
            json = Otlp.OtlpJsonBodies.Logs(Otlp.OtlpJsonBodies.LogRecord(Otlp.OtlpJsonBodies.NewSpanId(), "gen_ai.user.message", """{"stringValue":"q"}"""));
        }
        else if (row.Path == "/v1/keys")
        {
            json = $$"""{"name": "x", "role": "reviewer", "project": "{{data.Project}}"}""";
        }
        else if (row.Path == "/v1/incidents")
        {
            json = """{"title": "Matrix", "severity": "low"}""";
        }
        else if (row.Path.StartsWith("/v1/incidents/", StringComparison.Ordinal))
        {
            json = """{"note": "matrix"}""";
        }
        else if (row.Path.Contains("/labels", StringComparison.Ordinal) || row.Path.EndsWith("/adjudication", StringComparison.Ordinal))
        {
            json = """{"no_failure": true}""";
        }
        else
        {
            json = "{}";
        }

        return new StringContent(json, new MediaTypeHeaderValue("application/json"));
    }

    private static FormUrlEncodedContent Form(MatrixRow row, UiSession ui)
    {
        var signIn = row.Path == "/ui/signin";
        var fields = new Dictionary<string, string> { ["__csrf"] = signIn ? ui.AnonymousCsrf : ui.Csrf };
        if (signIn)
            fields["key"] = ui.Key ?? "";
        if (row.Path.Contains("{taskId}", StringComparison.Ordinal))
            fields["no_failure"] = "true";
        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex PathParameter();
}
