using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Assay.Demo;
using Assay.Json;
using Assay.Monitoring;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Dashboard;

/// <summary><c>GET /v1/dashboard/{chart}.svg</c> on a real server that requires keys: the charts, their errors and their project scope.</summary>
public sealed class DashboardEndpointTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task GetChart_after_traffic_answers_well_formed_svg_for_every_chart()
    {
        await IngestDemoAsync(null, seed: 1);
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        foreach (var chart in new[] { "volume", "flag-rate", "self-agreement", "drift", "review-coverage", "agreement" })
        {
            using var response = await admin.GetAsync(new Uri($"v1/dashboard/{chart}.svg?hours=1", UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{chart}: {(int)response.StatusCode} {text}");
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var root = XDocument.Parse(text).Root!;
            Assert.Equal(s_svg + "svg", root.Name);
            Assert.Equal("img", (string?)root.Attribute("role"));
        }

        using var volume = await admin.GetAsync(new Uri("v1/dashboard/volume.svg?hours=1", UriKind.Relative));
        Assert.NotEmpty(DataPaths(await volume.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    public async Task GetChart_with_hours_not_offered_is_a_problem_naming_hours(string hours)
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        using var response = await admin.GetAsync(new Uri($"v1/dashboard/volume.svg?hours={hours}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, 400, parameter: "hours");
        Assert.Contains("1, 6, 24 or 168", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetChart_without_a_key_is_unauthorized_and_an_unknown_chart_is_not_found()
    {
        using var anonymous = server.Client(null);
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        using var unauthorized = await anonymous.GetAsync(new Uri("v1/dashboard/volume.svg", UriKind.Relative));
        using var unknown = await admin.GetAsync(new Uri("v1/dashboard/latency.svg", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(unauthorized, 401);
        await ProblemAssert.IsProblemAsync(unknown, 404);
    }

    [Fact]
    public async Task GetChart_shows_a_project_key_its_own_project_only()
    {
        var (a, b) = (ReviewAssayServer.Project(), ReviewAssayServer.Project());
        await IngestDemoAsync(a, seed: 2);
        using var own = server.Client(await server.KeyAsync(Role.Reviewer, a));
        using var other = server.Client(await server.KeyAsync(Role.Reviewer, b));

        foreach (var chart in new[] { "flag-rate", "review-coverage" })
        {
            Assert.NotEmpty(DataPaths(await SvgAsync(own, chart)));
            Assert.Empty(DataPaths(await SvgAsync(other, chart)));
        }

        // Volume is drawn for both (no traffic is a finding), but counts A's interactions only, among other tests' traffic.
        Assert.Equal(Count, VolumeTotal(await SvgAsync(own, "volume")));
        Assert.Equal(0, VolumeTotal(await SvgAsync(other, "volume")));
    }

    [Fact]
    public async Task GetChart_marks_an_alert_for_all_projects_but_not_for_a_project_key()
    {
        var alerts = server.Services.GetRequiredService<IAlertStore>();
        var firedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await alerts.AddEventAsync(new Alert("pii-leak-rate", "atlas@2026-10-01", AlertState.Firing, firedAt, null, 0.2, "pii-leak rate up"), CancellationToken.None);
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        using var project = server.Client(await server.KeyAsync(Role.Reviewer, ReviewAssayServer.Project()));

        var seen = XDocument.Parse(await SvgAsync(admin, "flag-rate")).Descendants(s_svg + "line").Where(l => (string?)l.Attribute("class") == "marker").ToList();
        var hidden = XDocument.Parse(await SvgAsync(project, "flag-rate")).Descendants(s_svg + "line").Where(l => (string?)l.Attribute("class") == "marker");
        var volume = XDocument.Parse(await SvgAsync(admin, "volume")).Descendants(s_svg + "line").Where(l => (string?)l.Attribute("class") == "marker");

        Assert.Contains(seen, l => l.Value.Contains("pii-leak-rate [atlas@2026-10-01]", StringComparison.Ordinal));
        Assert.Empty(hidden); // the rule is per model version: its rate mixes every project's traffic
        Assert.Empty(volume); // a flag-rate rule is marked on the flag-rate chart only
    }

    private const int Count = 300;

    /// <summary>Ingests <see cref="Count"/> demo interactions of the last minute or so (into <paramref name="project"/> when given) and waits for the pipeline.</summary>
    private async Task IngestDemoAsync(string? project, int seed)
    {
        var traffic = new DemoTraffic(seed, DateTimeOffset.UtcNow.AddSeconds(-40));
        var body = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            var interaction = traffic.Next();
            var id = $"dash-{Guid.NewGuid():N}";
            interaction = project is null ? interaction with { Id = id } : interaction with { Id = id, Metadata = interaction.Metadata with { Project = project } };
            body.Append(JsonSerializer.Serialize(interaction, AssayJsonContext.Default.Interaction)).Append('\n');
        }

        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project ?? ApiKey.AllProjects));
        using var content = new StringContent(body.ToString(), new MediaTypeHeaderValue("application/x-ndjson"));
        using var answer = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        await server.WaitUntilAllProcessedAsync();
    }

    private static async Task<string> SvgAsync(HttpClient client, string chart)
    {
        using var response = await client.GetAsync(new Uri($"v1/dashboard/{chart}.svg?hours=1", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{chart}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>The sum of the volume chart's points, read from each point's tooltip ("…: 42").</summary>
    private static double VolumeTotal(string svg) => XDocument.Parse(svg).Descendants(s_svg + "circle")
        .Sum(c => double.Parse(c.Value[(c.Value.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static List<XElement> DataPaths(string svg) =>
        [.. XDocument.Parse(svg).Descendants(s_svg + "path").Where(p => (string?)p.Attribute("class") == "series")];
}
