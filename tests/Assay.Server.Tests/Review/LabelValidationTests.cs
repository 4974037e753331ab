using Assay.Review;

namespace Assay.Server.Tests.Review;

/// <summary>A label that is not valid is refused with a problem naming the field, and nothing is stored.</summary>
public sealed class LabelValidationTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Theory]
    [InlineData("""{"categories": ["made-up"]}""", "/categories/0")]
    [InlineData("""{"categories": ["hallucination", 7]}""", "/categories/1")]
    [InlineData("""{"categories": ["hallucination"], "no_failure": true}""", "/no_failure")]
    [InlineData("""{"categories": ["hallucination"], "severity": "dire"}""", "/severity")]
    [InlineData("""{"categories": ["hallucination"], "severity": "2"}""", "/severity")]
    [InlineData("""{"categories": []}""", "/categories")]
    [InlineData("""{"no_failure": true, "seconds": -1}""", "/seconds")]
    [InlineData("""{"no_failure": true, "colour": "red"}""", "/colour")]
    [InlineData("""["hallucination"]""", "")]
    public async Task PostLabel_invalid_is_bad_request_with_a_pointer_and_stores_nothing(string body, string pointer)
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));

        using var answer = await reviewer.PostAsync(ReviewRequests.Path($"v1/review/tasks/{task}/labels"), ReviewRequests.Json(body));

        await ProblemAssert.IsProblemAsync(answer, 400, pointer: pointer);
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM labels WHERE task_id = $p0", task));
    }
}
