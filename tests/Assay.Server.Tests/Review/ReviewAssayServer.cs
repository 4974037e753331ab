using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Policy;
using Assay.Review;
using Assay.Routing;
using Assay.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Review;

/// <summary>A test server that requires API keys, with helpers to mint keys, open review tasks and look into SQLite.</summary>
/// <remarks>Tests isolate themselves by project: each makes its own project name, keys and tasks, so they share the server safely.</remarks>
public sealed class ReviewAssayServer : AssayTestServer
{
    private static readonly PolicyDocument s_policy = StarterPolicy.Load();
    private static readonly Router s_router = new(s_policy.Routing, s_policy.Review);

    public static string Project() => $"p-{Guid.NewGuid():N}"[..14];

    protected override AssayServerOptions Configure(AssayServerOptions options) => options with { RequireApiKeys = true };

    /// <summary>Stores a new key and returns its token, as <c>assay keys create</c> would.</summary>
    public async Task<string> KeyAsync(Role role, string project, string? name = null) => (await KeyWithIdAsync(role, project, name)).Token;

    /// <summary>Stores a new key (expiring at <paramref name="expires"/> when given) and returns its token and id.</summary>
    public async Task<(string Token, string KeyId)> KeyWithIdAsync(Role role, string project, string? name = null, DateTimeOffset? expires = null)
    {
        var store = new SqliteReviewStore(Services.GetRequiredService<SqliteDatabase>(), TimeProvider.System);
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(keyId, name ?? $"{role}-{keyId}".ToLowerInvariant(), role, project, DateTimeOffset.UtcNow, null, expires), hash, CancellationToken.None);
        return (token, keyId);
    }

    /// <summary>A client presenting <paramref name="token"/> as a bearer token (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// Ingests <paramref name="count"/> high-risk interactions into <paramref name="project"/>, waits until they are
    /// processed and returns their review task ids, in order. Each asks for exactly two labels (no calibration task).
    /// </summary>
    public async Task<IReadOnlyList<long>> TasksAsync(string project, int count = 1, string response = "Paris is the capital of France.")
    {
        var ids = new List<string>();
        for (var attempt = 0; ids.Count < count && attempt < count * 10; attempt++)
        {
            var id = Some.Id("rv");
            if (s_router.Draw("calibration:" + id) >= s_policy.Review.CalibrationShare)
                ids.Add(id);
        }

        var lines = ids.Select(id => (JsonNode)Interaction(id, project, response, risk: "high"));
        using var ingest = Client(await KeyAsync(Role.Ingest, project));
        using var content = new StringContent(Some.Ndjson(lines), new MediaTypeHeaderValue("application/x-ndjson"));
        using var answer = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        await WaitUntilAllProcessedAsync();
        var tasks = new List<long>();
        foreach (var id in ids)
            tasks.Add(await ScalarAsync<long>("SELECT t.task_id FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq WHERE i.id = $p0", id));
        return tasks;
    }

    /// <summary>A valid interaction of <paramref name="project"/> (none when null), a few minutes old so it falls in the metrics window.</summary>
    public static JsonObject Interaction(string id, string? project, string response = "Paris is the capital of France.", string risk = "normal")
    {
        var interaction = Some.Interaction(id, response, at: DateTimeOffset.UtcNow.AddMinutes(-5));
        var metadata = interaction["metadata"]!.AsObject();
        metadata["risk"] = risk;
        if (project is null)
            metadata.Remove("project");
        else
            metadata["project"] = project;
        return interaction;
    }

    /// <summary>Runs one read-only SQL query over the server's database and returns the first column of the first row.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        var rows = await RowsAsync(sql, parameters);
        Assert.True(rows.Count > 0, $"no row for: {sql}");
        return (T)Convert.ChangeType(rows[0][0], typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one read-only SQL query (parameters <c>$p0</c>, <c>$p1</c>, …) and returns every row.</summary>
    public async Task<List<object[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var connection = await Services.GetRequiredService<SqliteDatabase>().OpenReaderAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters.AddWithValue($"$p{i}", parameters[i]);
        var rows = new List<object[]>();
        using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }
}
