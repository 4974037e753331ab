using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Tests.OpenApi;
using Assay.Server.Tests.Review;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Assay.Server.Tests.Security;

/// <summary>
/// A bounded, seeded fuzz run over real HTTP: every POST and PUT of the OpenAPI document, and the UI's forms,
/// get a few thousand generated bodies; none may answer 5xx, and the server must still serve afterwards.
/// </summary>
/// <remarks>Set <c>ASSAY_FUZZ_SEED</c> to replay a run; a failure names the seed and each failing request.</remarks>
public sealed class HttpFuzzTests(ReviewAssayServer server, ITestOutputHelper output) : IClassFixture<ReviewAssayServer>
{
    private const int RequestsPerApiEndpoint = 700;
    private const int RequestsPerUiForm = 200;
    private static readonly string[] s_uiForms = ["/ui/signin", "/ui/review/{taskId}", "/ui/adjudicate/{taskId}", "/ui/signout"];

    private static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("ASSAY_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20261201;

    [Fact]
    public async Task Post_put_and_patch_endpoints_fuzzed_bodies_never_answer_5xx_and_refuse_with_problems()
    {
        output.WriteLine($"fuzz seed {Seed}");
        using var observed = new ObservedStatuses(server.Services);
        using var anonymous = server.Client(null);
        var document = await ReviewAssayServer.JsonAsync(await anonymous.GetAsync(new Uri("openapi/v1.json", UriKind.Relative)));
        var endpoints = FuzzEndpoint.FromOpenApi(document);
        Assert.Contains(endpoints, e => e.Template == "/v1/interactions");
        Assert.Contains(endpoints, e => e.Template == "/v1/review/tasks/{taskId}/labels");
        Assert.Contains(endpoints, e => e.Template == "/v1/traces");
        var admin = await server.KeyAsync(Role.Admin, ApiKey.AllProjects);
        using var client = server.Client(admin);
        var pathValues = await PathValuesAsync();
        var generator = new ApiRequestGenerator(Seed, pathValues);
        var findings = new FuzzFindings(Seed);
        using var errors = ListenForErrors();

        // Interleaved, so that each endpoint also meets the state the others leave behind.
        var index = 0;
        for (var round = 0; round < RequestsPerApiEndpoint; round++)
        {
            foreach (var endpoint in endpoints)
            {
                var request = generator.Next(endpoint, index++);
                findings.Check(request, endpoint.Template, await FuzzSender.SendAsync(client, request), problemsRequired: true, errors.Take());
            }
        }

        foreach (var endpoint in endpoints)
        {
            foreach (var (name, body) in MalformedChunks.Framings)
            {
                var request = new FuzzRequest(index++, endpoint.Method, endpoint.Template.Replace("{taskId}", pathValues["taskId"][0], StringComparison.Ordinal),
                    "malformed-chunks:" + name, Encoding.ASCII.GetBytes(body), "application/json", Chunked: true);
                findings.Check(request, endpoint.Template, await MalformedChunks.SendAsync(server.Address, admin, request), problemsRequired: true, errors.Take());
            }
        }

        await AssertStillServingAsync(client);
        output.WriteLine(findings.Report());
        Assert.False(findings.Any, findings.Report());
        var undeclared = await observed.UndeclaredAsync(client);
        Assert.True(observed.Count >= endpoints.Count, $"only {observed.Count} (operation, status) pairs were recorded: is the request metric still published?");
        Assert.True(undeclared.Count == 0, string.Join('\n', undeclared));
    }

    [Fact]
    public async Task Ui_forms_fuzzed_bodies_never_answer_5xx()
    {
        output.WriteLine($"fuzz seed {Seed}");
        var admin = await server.KeyAsync(Role.Admin, ApiKey.AllProjects);
        var session = await FuzzUiSession.SignInAsync(server.Address, admin);
        var taskIds = (await PathValuesAsync())["taskId"];
        var categories = StarterPolicy.Load().Taxonomy.Select(c => c.Id).ToList();
        var generator = new UiFormGenerator(Seed, session, admin, categories, taskIds);
        var findings = new FuzzFindings(Seed);
        using var errors = ListenForErrors();
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        var index = 0;
        for (var round = 0; round < RequestsPerUiForm; round++)
        {
            foreach (var form in s_uiForms)
            {
                var request = generator.Next(form, index++);
                // The UI's 4xx are HTML pages for browsers, as they should be; only a 5xx or no answer is a failure.
                findings.Check(request, form, await FuzzSender.SendAsync(browser, request), problemsRequired: false, errors.Take());
            }
        }

        using var client = server.Client(admin);
        await AssertStillServingAsync(client);
        output.WriteLine(findings.Report());
        Assert.False(findings.Any, findings.Report());
    }

    /// <summary>Real ids for every path parameter: review tasks in each state a label or decision can meet, and a key.</summary>
    private async Task<Dictionary<string, IReadOnlyList<string>>> PathValuesAsync()
    {
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, count: 3);
        // The first task waits for a lead: two reviewers disagree on it.
        using (var first = server.Client(await server.KeyAsync(Role.Reviewer, project)))
        using (var second = server.Client(await server.KeyAsync(Role.Reviewer, project)))
        {
            using var a = await first.PostLabelAsync(tasks[0], "hallucination");
            using var b = await second.PostLabelAsync(tasks[0]);
            Assert.True(a.IsSuccessStatusCode && b.IsSuccessStatusCode, "could not put the first task into adjudication");
        }

        var (_, keyId) = await server.KeyWithIdAsync(Role.Reviewer, project);
        var incident = await server.Services.GetRequiredService<Assay.Storage.IIncidentStore>().OpenAsync(new Assay.Incidents.NewIncident(project, "Fuzzed", Assay.Incidents.IncidentSeverity.Low, "", []),
            Assay.Audit.AuditActor.System, CancellationToken.None);
        return new(StringComparer.Ordinal)
        {
            // An incident to change, and one that does not exist.
            ["incidentId"] = [incident.Id.ToString(CultureInfo.InvariantCulture), "999999"],
            ["taskId"] = [.. tasks.Select(t => t.ToString(CultureInfo.InvariantCulture))],
            ["keyId"] = [keyId],
            // The running version (activating it again changes nothing) and one never uploaded.
            ["hash"] = [StarterPolicy.Load().Hash, new string('0', 64)],
        };
    }

    private ServerErrors ListenForErrors()
    {
        var errors = new ServerErrors();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(errors);
        return errors;
    }

    private static async Task AssertStillServingAsync(HttpClient client)
    {
        using var health = await client.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var content = new StringContent(Some.Interaction(Some.Id("after-fuzz")).ToJsonString(), new MediaTypeHeaderValue("application/json"));
        using var ingest = await client.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
        Assert.True(ingest.StatusCode == HttpStatusCode.Accepted, $"a valid interaction after the fuzz run answered {(int)ingest.StatusCode}: {await ingest.Content.ReadAsStringAsync()}");
    }
}
