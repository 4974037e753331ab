using System.Text.Json;
using Assay.Monitoring;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests;

/// <summary>Every list answers <c>{"&lt;items&gt;": [...], "next": cursor}</c> and pages by cursor without gaps or repeats.</summary>
public sealed class ListPagingTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    public static TheoryData<string, string> Lists => new()
    {
        { "v1/flags", "flags" },
        { "v1/review/tasks", "tasks" },
        { "v1/alerts", "alerts" },
        { "v1/keys", "keys" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task List_pages_of_two_join_up_to_the_whole_list(string path, string items)
    {
        using var admin = await SeedAsync();

        var whole = await PageAsync(admin, $"{path}?limit=1000", items);
        Assert.True(whole.Items.Count >= 5, $"{path} holds only {whole.Items.Count} items");
        Assert.Null(whole.Next);
        var paged = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await PageAsync(admin, $"{path}?limit=2" + (next is null ? "" : $"&cursor={Uri.EscapeDataString(next)}"), items);
            Assert.InRange(page.Items.Count, 1, 2);
            paged.AddRange(page.Items);
            next = page.Next;
        }
        while (next is not null && ++pages < 1000);

        Assert.Equal(whole.Items, paged);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task List_with_bad_limit_cursor_or_parameter_is_a_problem_naming_it(string path, string items)
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        foreach (var (query, parameter) in new[] { ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"), ("cursor=zz", "cursor"), ("colour=blue", "colour") })
        {
            using var response = await admin.GetAsync(new Uri($"{path}?{query}", UriKind.Relative));
            await ProblemAssert.IsProblemAsync(response, 400, parameter: parameter);
        }

        Assert.NotEmpty(items);
    }

    private async Task<HttpClient> SeedAsync()
    {
        var project = ReviewAssayServer.Project();
        await server.TasksAsync(project, 5, "Write to jane.doe@example.com, bob@example.org or carol@example.net.");
        var alerts = server.Services.GetRequiredService<IAlertStore>();
        for (var i = 0; i < 5; i++)
            await alerts.AddEventAsync(new Alert($"rule-{i}", "*", AlertState.Firing, DateTimeOffset.UtcNow, null, 0.1, "m"), CancellationToken.None);
        for (var i = 0; i < 5; i++)
            await server.KeyAsync(Role.Reviewer, project);
        return server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
    }

    private static async Task<(List<string> Items, string? Next)> PageAsync(HttpClient client, string path, string items)
    {
        var page = await ReviewAssayServer.JsonAsync(await client.GetAsync(new Uri(path, UriKind.Relative)));
        Assert.Equal(JsonValueKind.Object, page.ValueKind);
        var next = page.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        // A key's last use changes as it is used; its id names it.
        static string Identity(JsonElement e) => e.TryGetProperty("key_id", out var id) ? id.GetString()! : e.GetRawText();
        return (page.GetProperty(items).EnumerateArray().Select(Identity).ToList(), next);
    }
}
