using Assay.Review;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Operations;

/// <summary>One <c>assay serve</c> node on real Kestrel at 127.0.0.1, over a SQLite file or a PostgreSQL URI, with keys made for it.</summary>
internal static class Node
{
    public static async Task<WebApplication> StartAsync(string database, bool metricsPublic = false)
    {
        var app = AssayServer.Build(new AssayServerOptions
        {
            DatabasePath = database,
            Urls = "http://127.0.0.1:0",
            RequireApiKeys = true,
            MetricsPublic = metricsPublic,
        }, logging => { });
        await app.StartAsync();
        return app;
    }

    public static Uri Address(WebApplication app) => new(app.Urls.First());

    /// <summary>A key of <paramref name="role"/> for every project, stored through the node's review store; its bearer token.</summary>
    public static async Task<string> KeyAsync(WebApplication app, Role role)
    {
        var (token, id, hash) = ApiKeySecrets.Create();
        await app.Services.GetRequiredService<IReviewStore>()
            .CreateKeyAsync(new ApiKey(id, role.ToString().ToLowerInvariant(), role, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        return token;
    }

    public static HttpClient Client(WebApplication app, string? token)
    {
        var client = new HttpClient { BaseAddress = Address(app), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>The keyword connection string of the test server as the URI a user would pass to <c>--db</c>.</summary>
    public static string PostgresUri(string connection)
    {
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        return $"postgresql://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}
