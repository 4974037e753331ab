using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Assay.Server.Tests.Security;

/// <summary>The failures of a fuzz run grouped by class (what went wrong, where), keeping each class's smallest requests.</summary>
/// <remarks>Not thread-safe: one run records from one loop.</remarks>
internal sealed class FuzzFindings(int seed)
{
    private const int ExamplesPerClass = 3;
    private readonly SortedDictionary<string, List<(FuzzRequest Request, string Answer)>> _classes = new(StringComparer.Ordinal);

    public int Requests { get; private set; }

    /// <summary>How often each endpoint answered each status (0: no answer), to show that a run reached past the body reader.</summary>
    public SortedDictionary<string, SortedDictionary<int, int>> PerEndpoint { get; } = new(StringComparer.Ordinal);

    /// <summary>Checks one answer: never 5xx or no answer; a 4xx of a <c>/v1</c> endpoint must be a problem with status, title and detail.</summary>
    /// <param name="cause">The exceptions the server logged while answering, which name the class of a 5xx.</param>
    public void Check(FuzzRequest request, string template, FuzzSender.Answer answer, bool problemsRequired, string cause = "")
    {
        Requests++;
        var endpoint = $"{request.Method} {template}";
        if (!PerEndpoint.TryGetValue(endpoint, out var statuses))
            PerEndpoint[endpoint] = statuses = [];
        statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
        if (answer.Error is not null)
            Add($"no answer ({answer.Error.Split(':')[0]}) {endpoint}", request, answer.Error);
        else if (answer.Status >= 500)
            Add($"{answer.Status} {endpoint}{(cause.Length > 0 ? " — " + cause : "")}", request, Text(answer.Body));
        else if (problemsRequired && answer.Status is >= 400 and < 500 && NotAProblem(answer) is { } why)
            Add($"{answer.Status} not a problem ({why}) {endpoint}", request, Text(answer.Body));
    }

    public void Add(string failureClass, FuzzRequest request, string answer)
    {
        if (!_classes.TryGetValue(failureClass, out var examples))
            _classes[failureClass] = examples = [];
        examples.Add((request, answer));
        examples.Sort((a, b) => a.Request.Body.Length.CompareTo(b.Request.Body.Length));
        if (examples.Count > ExamplesPerClass)
            examples.RemoveAt(examples.Count - 1);
    }

    public bool Any => _classes.Count > 0;

    public string Report()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"fuzz seed {seed} (replay with ASSAY_FUZZ_SEED={seed}): {Requests} requests, {_classes.Count} failure class(es)\n");
        foreach (var (endpoint, statuses) in PerEndpoint)
            text.Append(CultureInfo.InvariantCulture, $"  {statuses.Values.Sum(),5} × {endpoint}: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}\n");
        foreach (var (failureClass, examples) in _classes)
        {
            text.Append(CultureInfo.InvariantCulture, $"FAILURE {failureClass}\n");
            foreach (var (request, answer) in examples)
                text.Append(CultureInfo.InvariantCulture, $"    {request.Describe()}\n      → {answer}\n");
        }

        return text.ToString();
    }

    private static string? NotAProblem(FuzzSender.Answer answer)
    {
        if (answer.MediaType != "application/problem+json")
            return $"Content-Type {answer.MediaType ?? "none"}";
        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(answer.Body);
            if (!problem.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != answer.Status)
                return "status missing or wrong";
            foreach (var member in new[] { "title", "detail" })
            {
                if (!problem.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    return member + " missing";
            }

            return null;
        }
        catch (JsonException)
        {
            return "body is not JSON";
        }
    }

    private static string Text(byte[] body) => FuzzRequest.Escape(body, 300);
}
