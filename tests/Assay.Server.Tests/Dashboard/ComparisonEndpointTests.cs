using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Assay.Demo;
using Assay.Domain;
using Assay.Json;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Dashboard;

/// <summary><c>GET /v1/compare/model-versions</c> over stored traffic: the input-shift guard first, then the outputs.</summary>
public sealed class ComparisonEndpointTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private static readonly HashSet<string> s_favoured = ["programming", "finance"];

    [Fact]
    public async Task Compare_versions_asked_alike_trusts_the_direct_comparison_and_asked_differently_stratifies()
    {
        var project = ReviewAssayServer.Project();
        await IngestAsync(project, [
            .. Versioned(1, 600, "v-base"),
            .. Versioned(2, 600, "v-same"),
            .. Versioned(3, 600, "v-shift", i => s_favoured.Contains(i.Metadata.Tags["topic"])),
        ]);
        using var reader = server.Client(await server.KeyAsync(Role.Reviewer, project));

        var same = await ReviewAssayServer.JsonAsync(await reader.GetAsync("v1/compare/model-versions?baseline=atlas@v-base&candidate=atlas@v-same&hours=1"));
        var shifted = await ReviewAssayServer.JsonAsync(await reader.GetAsync("v1/compare/model-versions?baseline=atlas@v-base&candidate=atlas@v-shift"));

        Assert.Equal((600, 600), (same.GetProperty("baseline_count").GetInt32(), same.GetProperty("candidate_count").GetInt32()));
        Assert.False(same.GetProperty("inputs_shifted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, same.GetProperty("comparison").TryGetProperty("stratified_by", out var none) ? none.ValueKind : JsonValueKind.Null);
        Assert.Contains("direct comparison stands", same.GetProperty("comparison").GetProperty("summary").GetString(), StringComparison.Ordinal);

        Assert.True(shifted.GetProperty("inputs_shifted").GetBoolean());
        var comparison = shifted.GetProperty("comparison");
        Assert.Equal("topic", comparison.GetProperty("stratified_by").GetString());
        Assert.NotEmpty(comparison.GetProperty("stratified_outputs").EnumerateArray());
        Assert.Contains(comparison.GetProperty("inputs").GetProperty("features").EnumerateArray(),
            f => f.GetProperty("feature").GetString() == "topic" && f.GetProperty("verdict").GetString() == "drifted");
    }

    [Fact]
    public async Task Compare_with_a_feature_too_rare_to_test_writes_null_with_a_warning_never_NaN()
    {
        // 60 interactions each: enough to compare, but fewer than 50 of them carry self-consistency samples to test.
        var project = ReviewAssayServer.Project();
        await IngestAsync(project, [.. Versioned(4, 60, "v-few-a"), .. Versioned(5, 60, "v-few-b")]);
        using var reader = server.Client(await server.KeyAsync(Role.Reviewer, project));

        using var response = await reader.GetAsync(new Uri("v1/compare/model-versions?baseline=atlas@v-few-a&candidate=atlas@v-few-b&hours=1", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var nulls = UndefinedNumbers.AssertNullWithWarning(body);
        using var document = JsonDocument.Parse(body);
        var features = document.RootElement.GetProperty("comparison").GetProperty("naive_outputs").GetProperty("features").EnumerateArray().ToList();
        var index = features.FindIndex(f => f.GetProperty("feature").GetString() == "self_agreement");
        Assert.Contains($"$.comparison.naive_outputs.features[{index}].psi", nulls);
        Assert.Equal("insufficient_data", features[index].GetProperty("verdict").GetString());
        Assert.Matches("^not tested: [0-9]+ observations .* at least 50 are needed", features[index].GetProperty("warning").GetString());
    }

    [Theory]
    [InlineData("candidate=atlas@b", "baseline")]
    [InlineData("baseline=atlas@a", "candidate")]
    [InlineData("baseline=atlas@a&candidate=atlas@a", "candidate")]
    [InlineData("baseline=atlas@a&candidate=atlas@b&hours=5", "hours")]
    [InlineData("baseline=atlas@a&candidate=atlas@b&alpha=0.9", "alpha")]
    [InlineData("baseline=atlas@nobody&candidate=atlas@b", "baseline")]
    public async Task Compare_with_bad_or_too_little_input_is_a_problem_naming_the_parameter(string query, string parameter)
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        using var response = await admin.GetAsync(new Uri($"v1/compare/model-versions?{query}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, 400, parameter: parameter);
    }

    [Fact]
    public async Task Compare_without_a_key_is_unauthorized()
    {
        using var anonymous = server.Client(null);

        using var response = await anonymous.GetAsync(new Uri("v1/compare/model-versions?baseline=atlas@a&candidate=atlas@b", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary><paramref name="count"/> demo interactions of one version from the last few minutes, optionally only those <paramref name="keep"/> accepts.</summary>
    private static IEnumerable<Interaction> Versioned(int seed, int count, string version, Func<Interaction, bool>? keep = null)
    {
        var traffic = new DemoTraffic(seed, DateTimeOffset.UtcNow.AddMinutes(-20), gap: TimeSpan.FromMilliseconds(200));
        var taken = 0;
        for (var draws = 0; taken < count && draws < count * 20; draws++)
        {
            var next = traffic.Next();
            if (keep is not null && !keep(next))
                continue;
            taken++;
            yield return next with { Id = $"cmp-{Guid.NewGuid():N}", ModelVersion = version, Timestamp = DateTimeOffset.UtcNow.AddMinutes(-20).AddMilliseconds(taken * 200) };
        }
    }

    private async Task IngestAsync(string project, IEnumerable<Interaction> interactions)
    {
        var body = new StringBuilder();
        foreach (var interaction in interactions)
            body.Append(JsonSerializer.Serialize(interaction with { Metadata = interaction.Metadata with { Project = project } }, AssayJsonContext.Default.Interaction)).Append('\n');
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));
        using var content = new StringContent(body.ToString(), new MediaTypeHeaderValue("application/x-ndjson"));
        using var answer = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        await server.WaitUntilAllProcessedAsync();
    }
}
