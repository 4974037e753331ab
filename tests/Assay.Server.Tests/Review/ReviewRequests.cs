using System.Text;

namespace Assay.Server.Tests.Review;

/// <summary>The review API's requests, spelled once: labels and decisions as JSON bodies, and the paths they go to.</summary>
internal static class ReviewRequests
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A label naming <paramref name="categories"/>, or "no failure" when there are none.</summary>
    public static StringContent Label(params string[] categories) => Json(categories.Length == 0
        ? """{"no_failure": true, "seconds": 4.5}"""
        : $$"""{"categories": [{{string.Join(", ", categories.Select(c => $"\"{c}\""))}}], "severity": "high", "note": "seen", "seconds": 12}""");

    public static Task<HttpResponseMessage> PostLabelAsync(this HttpClient client, long task, params string[] categories) =>
        client.PostAsync(Path($"v1/review/tasks/{task}/labels"), Label(categories));

    public static Task<HttpResponseMessage> ReviseLabelAsync(this HttpClient client, long task, params string[] categories) =>
        client.PutAsync(Path($"v1/review/tasks/{task}/labels/mine"), Label(categories));

    public static Task<HttpResponseMessage> AdjudicateAsync(this HttpClient client, long task, params string[] categories) =>
        client.PostAsync(Path($"v1/review/tasks/{task}/adjudication"), Label(categories));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path) => client.GetAsync(Path(path));

    public static Uri Path(string path) => new(path, UriKind.Relative);
}
