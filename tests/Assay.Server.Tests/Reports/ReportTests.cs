using System.Globalization;
using System.Net;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Reports;

/// <summary><c>GET /v1/reports</c> and <c>assay report</c>: the same closed window gives the same bytes, over the API and the CLI alike.</summary>
public sealed class ReportTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_window_gives_identical_self_contained_html_and_markdown_from_the_api_and_the_cli_tied_to_the_audit_head()
    {
        var server = new ReviewAssayServer();
        using var folder = new TempDatabase();
        try
        {
            await server.InitializeAsync();
            var project = ReviewAssayServer.Project();
            var from = DateTimeOffset.UtcNow.AddHours(-1);
            var tasks = await server.TasksAsync(project, count: 3);
            using (var first = server.Client(await server.KeyAsync(Role.Reviewer, project)))
            using (var second = server.Client(await server.KeyAsync(Role.Reviewer, project)))
            {
                foreach (var task in tasks)
                {
                    using var a = await first.PostLabelAsync(task, "hallucination");
                    using var b = await second.PostLabelAsync(task, "hallucination");
                    Assert.True(a.IsSuccessStatusCode && b.IsSuccessStatusCode);
                }
            }

            await Task.Delay(20);
            var to = DateTimeOffset.UtcNow;
            var window = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";
            using var lead = server.Client(await server.KeyAsync(Role.Lead, "*"));

            var html = await TextAsync(lead, $"v1/reports?{window}");
            var again = await TextAsync(lead, $"v1/reports?{window}");
            var markdown = await TextAsync(lead, $"v1/reports?{window}&format=md");

            Assert.Equal(html, again);
            Assert.Equal(markdown, await TextAsync(lead, $"v1/reports?{window}&format=md"));
            var head = await server.Services.GetRequiredService<IAuditStore>().HeadBeforeAsync(to, CancellationToken.None);
            Assert.NotNull(head);
            Assert.Contains(head.Hash, html, StringComparison.Ordinal);
            Assert.Contains(head.Hash, markdown, StringComparison.Ordinal);
            Assert.Contains("<svg", html, StringComparison.Ordinal);
            // Self-contained: no script, stylesheet, image or link fetched from anywhere.
            Assert.DoesNotMatch("<(script|link|img)\\b|\\b(src|href)=", html);
            Assert.Contains("Reviewer agreement", markdown, StringComparison.Ordinal);
            Assert.Contains(Assay.Policy.StarterPolicy.Load().Hash[..16], markdown, StringComparison.Ordinal);
            Assert.Contains("3 of them were labelled", markdown, StringComparison.Ordinal);

            // assay report over the same database and window writes the same two files, byte for byte.
            var output = folder.File("window.html");
            using var cli = AssayProcess.Start("report", "--db", server.DatabasePath, "--from", from.ToString("O", CultureInfo.InvariantCulture),
                "--to", to.ToString("O", CultureInfo.InvariantCulture), "--out", output);
            Assert.True(await cli.WaitForExitAsync(s_timeout) == 0, cli.Output);
            Assert.Equal(html, await File.ReadAllTextAsync(output));
            Assert.Equal(markdown, await File.ReadAllTextAsync(Path.ChangeExtension(output, ".md")));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_report_needs_a_lead_a_window_and_a_projects_key_gets_only_its_project()
    {
        var server = new ReviewAssayServer();
        try
        {
            await server.InitializeAsync();
            var project = ReviewAssayServer.Project();
            using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
            using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
            const string Window = "from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";

            Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync($"v1/reports?{Window}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync($"v1/reports?{Window}&project=other")).StatusCode);
            await ProblemAsync(lead, "v1/reports?to=2026-11-02T00:00:00Z", "from");
            await ProblemAsync(lead, "v1/reports?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to");
            await ProblemAsync(lead, $"v1/reports?{Window}&format=pdf", "format");
            Assert.Contains($"project {project}", await TextAsync(lead, $"v1/reports?{Window}&project={project}&format=md"), StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    private static async Task ProblemAsync(HttpClient client, string path, string parameter)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var problem = await ReviewAssayServer.JsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.GetProperty("errors")[0].GetProperty("parameter").GetString());
    }
}
