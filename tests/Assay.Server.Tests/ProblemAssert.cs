using System.Net.Http.Json;
using System.Text.Json;

namespace Assay.Server.Tests;

/// <summary>Checks that a response is an RFC 7807 problem and that it names what was wrong.</summary>
internal static class ProblemAssert
{
    /// <param name="pointer">A JSON pointer expected among <c>errors[].pointer</c> (or, for bulk answers, <c>results[].errors[].pointer</c>).</param>
    /// <param name="parameter">A query parameter expected among <c>errors[].parameter</c>.</param>
    /// <param name="header">The header expected in the <c>header</c> extension.</param>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, int status,
        string? pointer = null, string? parameter = null, string? header = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("type").GetString()), text);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), text);
        if (pointer is not null)
            Assert.True(Errors(problem).Any(e => e.TryGetProperty("pointer", out var p) && p.GetString() == pointer), $"no error at '{pointer}' in {text}");
        if (parameter is not null)
            Assert.True(Errors(problem).Any(e => e.TryGetProperty("parameter", out var p) && p.GetString() == parameter), $"no error for '{parameter}' in {text}");
        if (header is not null)
            Assert.Equal(header, problem.GetProperty("header").GetString(), ignoreCase: true);
        foreach (var error in Errors(problem))
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString()), text);
        return problem;
    }

    private static IEnumerable<JsonElement> Errors(JsonElement problem)
    {
        if (problem.TryGetProperty("errors", out var errors))
        {
            foreach (var error in errors.EnumerateArray())
                yield return error;
        }

        if (problem.TryGetProperty("results", out var results))
        {
            foreach (var result in results.EnumerateArray())
            {
                if (result.TryGetProperty("errors", out var itemErrors) && itemErrors.ValueKind == JsonValueKind.Array)
                {
                    foreach (var error in itemErrors.EnumerateArray())
                        yield return error;
                }
            }
        }
    }
}
