using System.Text.Json;

namespace Assay.Server.Tests;

/// <summary><c>GET /v1/flags</c>: filters, cursor paging and bad parameters.</summary>
public sealed class FlagQueryTests(FlaggedAssayServer server) : IClassFixture<FlaggedAssayServer>
{
    [Fact]
    public async Task Get_flags_by_rule_returns_every_match_and_only_matches()
    {
        var page = await server.GetJsonAsync("v1/flags?rule=pii.email");

        var flags = page.GetProperty("flags").EnumerateArray().ToList();
        Assert.Equal(FlaggedAssayServer.Ids, flags.Select(f => f.GetProperty("interaction_id").GetString()));
        Assert.All(flags, f => Assert.Equal("pii.email", f.GetProperty("rule").GetString()));
        Assert.All(flags, f => Assert.Equal("pii-leak", f.GetProperty("category").GetString()));
        Assert.Equal(JsonValueKind.Null, page.TryGetProperty("next", out var next) ? next.ValueKind : JsonValueKind.Null);
    }

    [Fact]
    public async Task Get_flags_by_category_returns_only_that_category()
    {
        var page = await server.GetJsonAsync("v1/flags?category=prompt-injection");

        var flags = page.GetProperty("flags").EnumerateArray().ToList();
        Assert.All(flags, f => Assert.Equal("prompt-injection", f.GetProperty("category").GetString()));
        Assert.Equal(FlaggedAssayServer.InjectionIds, flags.Select(f => f.GetProperty("interaction_id").GetString()).Distinct());
    }

    [Fact]
    public async Task Get_flags_by_severity_keeps_that_severity_and_above()
    {
        var high = (await server.GetJsonAsync("v1/flags?severity=high")).GetProperty("flags").EnumerateArray().ToList();
        var medium = (await server.GetJsonAsync("v1/flags?severity=MEDIUM&limit=1000")).GetProperty("flags").EnumerateArray().ToList();

        Assert.All(high, f => Assert.Contains(f.GetProperty("severity").GetString(), new[] { "high", "critical" }));
        Assert.DoesNotContain(high, f => f.GetProperty("rule").GetString() == "pii.email");
        Assert.Equal(FlaggedAssayServer.InjectionIds, high.Select(f => f.GetProperty("interaction_id").GetString()).Distinct());
        Assert.Equal(FlaggedAssayServer.Count, medium.Count(f => f.GetProperty("rule").GetString() == "pii.email"));
        Assert.True(medium.Count > high.Count);
    }

    [Fact]
    public async Task Get_flags_by_time_includes_from_and_excludes_to()
    {
        var from = Some.Rfc3339(FlaggedAssayServer.Start.AddMinutes(10));
        var to = Some.Rfc3339(FlaggedAssayServer.Start.AddMinutes(20));

        var page = await server.GetJsonAsync($"v1/flags?rule=pii.email&from={from}&to={to}");

        var ids = page.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("interaction_id").GetString());
        Assert.Equal(Enumerable.Range(10, 10).Select(FlaggedAssayServer.Id), ids);
    }

    [Fact]
    public async Task Get_flags_follows_the_cursor_over_several_pages_without_gaps_or_repeats()
    {
        var seen = new List<string>();
        var pages = 0;
        var path = "v1/flags?rule=pii.email&limit=7";
        while (pages < 20)
        {
            var page = await server.GetJsonAsync(path);
            pages++;
            var flags = page.GetProperty("flags").EnumerateArray().ToList();
            Assert.InRange(flags.Count, 1, 7);
            seen.AddRange(flags.Select(f => f.GetProperty("interaction_id").GetString()!));
            if (!page.TryGetProperty("next", out var next) || next.ValueKind == JsonValueKind.Null)
                break;
            path = $"v1/flags?rule=pii.email&limit=7&cursor={Uri.EscapeDataString(next.GetString()!)}";
        }

        Assert.Equal(5, pages);
        Assert.Equal(FlaggedAssayServer.Ids, seen);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("severity=bogus", "severity")]
    [InlineData("severity=2", "severity")]
    [InlineData("from=notatime", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("colour=blue", "colour")]
    [InlineData("category=nope", "category")]
    [InlineData("rule=nope", "rule")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=Zm9v", "cursor")]
    public async Task Get_flags_with_bad_parameter_is_a_problem_naming_it(string query, string parameter)
    {
        var before = await server.WaitUntilAllProcessedAsync();

        using var response = await server.Http.GetAsync(new Uri($"v1/flags?{query}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, 400, parameter: parameter);
        Assert.Equal(before, await server.Store.CountAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("category=nope", "'category' is 'nope', not a category of the active policy; use one of ", "prompt-injection")]
    [InlineData("rule=PII.EMAIL", "'rule' is 'PII.EMAIL', not a rule of the active policy; use one of ", "pii.email")]
    public async Task Get_flags_with_unknown_filter_value_lists_the_valid_ones(string query, string start, string listed)
    {
        using var response = await server.Http.GetAsync(new Uri($"v1/flags?{query}", UriKind.Relative));

        var detail = (await ProblemAssert.IsProblemAsync(response, 400, parameter: query.Split('=')[0])).GetProperty("detail").GetString()!;
        Assert.StartsWith(start, detail, StringComparison.Ordinal);
        Assert.Contains(listed, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_flags_by_a_built_in_detector_rule_is_not_refused()
    {
        var page = await server.GetJsonAsync("v1/flags?rule=reasoning.empty&category=incoherence");

        Assert.Equal(JsonValueKind.Array, page.GetProperty("flags").ValueKind);
    }
}
