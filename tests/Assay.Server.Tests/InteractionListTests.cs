using System.Text.Json;

namespace Assay.Server.Tests;

/// <summary><c>GET /v1/interactions</c>: filters, text search, cursor paging and bad parameters, on real Kestrel.</summary>
public sealed class InteractionListTests(FlaggedAssayServer server) : IClassFixture<FlaggedAssayServer>
{
    [Fact]
    public async Task Get_interactions_lists_newest_first_with_tier_processing_and_current_flags()
    {
        var page = await server.GetJsonAsync("v1/interactions?limit=1000");

        var items = page.GetProperty("interactions").EnumerateArray().ToList();
        Assert.Equal(FlaggedAssayServer.Ids.Reverse(), items.Select(i => i.GetProperty("interaction").GetProperty("id").GetString()));
        Assert.All(items, i => Assert.Equal("done", i.GetProperty("processing").GetProperty("state").GetString()));
        Assert.All(items, i => Assert.Contains(i.GetProperty("flags").EnumerateArray(), f => f.GetProperty("rule").GetString() == "pii.email"));
        Assert.All(items, i => Assert.Contains(i.GetProperty("tier").GetString(), new[] { "none", "audit", "flagged", "critical" }));
        Assert.False(page.TryGetProperty("next", out var next) && next.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Get_interactions_filters_by_flag_category_rule_and_flagged()
    {
        var injections = await IdsAsync("v1/interactions?category=prompt-injection&limit=1000");
        var byRule = await IdsAsync("v1/interactions?rule=pii.email&flagged=true&limit=1000");
        var unflagged = await IdsAsync("v1/interactions?flagged=false");

        Assert.Equal(FlaggedAssayServer.InjectionIds.Reverse(), injections);
        Assert.Equal(FlaggedAssayServer.Ids.Reverse(), byRule);
        Assert.Empty(unflagged);
    }

    [Fact]
    public async Task Get_interactions_filters_by_time_model_version_session_and_project()
    {
        var from = Some.Rfc3339(FlaggedAssayServer.Start.AddMinutes(10));
        var to = Some.Rfc3339(FlaggedAssayServer.Start.AddMinutes(13));

        Assert.Equal(["f-12", "f-11", "f-10"], await IdsAsync($"v1/interactions?from={from}&to={to}"));
        Assert.Equal(["f-12", "f-11", "f-10"], await IdsAsync($"v1/interactions?from={from}&to={to}&model=atlas"));
        Assert.Empty(await IdsAsync($"v1/interactions?from={from}&to={to}&model=beacon"));
        Assert.Empty(await IdsAsync($"v1/interactions?model_version=no-such-version"));
        Assert.Empty(await IdsAsync($"v1/interactions?session=no-such-session"));
        Assert.Empty(await IdsAsync($"v1/interactions?project=no-such-project"));
    }

    [Fact]
    public async Task Get_interactions_by_tier_partitions_the_list()
    {
        var all = await IdsAsync("v1/interactions?limit=1000");
        var byTier = new List<string?>();
        foreach (var tier in new[] { "none", "audit", "flagged", "critical" })
        {
            var page = await server.GetJsonAsync($"v1/interactions?tier={tier}&limit=1000");
            var items = page.GetProperty("interactions").EnumerateArray().ToList();
            Assert.All(items, i => Assert.Equal(tier, i.GetProperty("tier").GetString()));
            byTier.AddRange(items.Select(i => i.GetProperty("interaction").GetProperty("id").GetString()));
        }

        Assert.Equal(all.Order(), byTier.Order());
    }

    [Fact]
    public async Task Get_interactions_searches_words_and_treats_operators_as_text()
    {
        Assert.Equal(["f-07"], await IdsAsync("v1/interactions?q=OWNER7"));
        Assert.Equal(FlaggedAssayServer.InjectionIds.Reverse(), await IdsAsync("v1/interactions?q=reveal%20system&limit=1000"));
        Assert.Empty(await IdsAsync($"v1/interactions?q={Uri.EscapeDataString("owner7\" OR owner8*")}"));
    }

    [Fact]
    public async Task Get_interactions_follows_the_cursor_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        var path = "v1/interactions?limit=7";
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await server.GetJsonAsync(path);
            seen.AddRange(page.GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("interaction").GetProperty("id").GetString()!));
            if (!page.TryGetProperty("next", out var next) || next.ValueKind == JsonValueKind.Null)
                break;
            path = $"v1/interactions?limit=7&cursor={Uri.EscapeDataString(next.GetString()!)}";
        }

        Assert.Equal(FlaggedAssayServer.Ids.Reverse(), seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("from=notatime", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("tier=urgent", "tier")]
    [InlineData("tier=2", "tier")]
    [InlineData("flagged=yes", "flagged")]
    [InlineData("category=nope", "category")]
    [InlineData("rule=nope", "rule")]
    [InlineData("q=%22%22%20***", "q")]
    [InlineData("q=", "q")]
    [InlineData("colour=blue", "colour")]
    [InlineData("model=a&model=b", "model")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=Zm9v", "cursor")]
    public async Task Get_interactions_with_bad_parameter_is_a_problem_naming_it(string query, string parameter)
    {
        using var response = await server.Http.GetAsync(new Uri($"v1/interactions?{query}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, 400, parameter: parameter);
    }

    private async Task<List<string?>> IdsAsync(string path) =>
        [.. (await server.GetJsonAsync(path)).GetProperty("interactions").EnumerateArray().Select(i => i.GetProperty("interaction").GetProperty("id").GetString())];
}
