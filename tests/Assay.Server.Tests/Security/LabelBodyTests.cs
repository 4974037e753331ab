using System.Net.Http.Headers;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>Label and adjudication bodies that cannot be read as text are 400 problems naming the field, and store nothing.</summary>
public sealed class LabelBodyTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    public static TheoryData<string, byte[], string> Bodies => new()
    {
        { "invalid UTF-8", [.. "{\"categories\": [\"hallucination\"], \"note\": \""u8, 0xC3, 0x28, .. "\"}"u8], "" },
        { "lone surrogate in the note", "{\"categories\": [\"hallucination\"], \"note\": \"\\ud800\"}"u8.ToArray(), "/note" },
        { "lone surrogate in a category", "{\"categories\": [\"\\udc00\"]}"u8.ToArray(), "/categories/0" },
        { "duplicate note", "{\"categories\": [\"hallucination\"], \"note\": \"a\", \"note\": \"b\"}"u8.ToArray(), "/note" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Label_revision_and_adjudication_with_an_unreadable_body_are_400_and_store_nothing(string why, byte[] body, string pointer)
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));

        foreach (var (method, path) in new[] { (HttpMethod.Post, "labels"), (HttpMethod.Put, "labels/mine"), (HttpMethod.Post, "adjudication") })
        {
            using var request = new HttpRequestMessage(method, ReviewRequests.Path($"v1/review/tasks/{task}/{path}")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await lead.SendAsync(request);
            await ProblemAssert.IsProblemAsync(response, 400, pointer: pointer);
        }

        Assert.True(0L == await server.ScalarAsync<long>("SELECT count(*) FROM labels WHERE task_id = $p0", task), why);
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM adjudications WHERE task_id = $p0", task));
    }
}
