using Assay.Judging;
using Assay.Server.Judging;
using Assay.Server.Tests.Sampling;
using Assay.Storage;

namespace Assay.Server.Tests.Judging;

/// <summary>Judge rules asking a real OpenAI-compatible endpoint on loopback, end to end through a real server.</summary>
public sealed class JudgeWorkerTests
{
    internal const string Wrong = "Marie Curie was born in 1877 in Warsaw.";
    internal const string Right = "Paris is the capital of France.";
    private const string Fenced = "The Moon is made of rock.";
    private const string Refused = "This one the endpoint refuses.";

    internal static string Policy(string judging = "  requests_per_minute: 600\n") => $$$"""
        taxonomy:
          - {id: hallucination, name: Hallucination, definition: False claims., severity: high}
        routing:
          audit_rate: 0
        rules:
          - id: judge.facts
            category: hallucination
            kind: judge
            share: 1
            description: Checks facts against general knowledge.
            prompt: |
              Question:
              {{input}}
              Answer:
              {{response}}
        judging:
        {{{judging}}}
        """;

    internal static JudgeOptions Options(FakeChatEndpoint endpoint) => new()
    {
        Endpoint = endpoint.BaseAddress,
        Model = "atlas-judge",
        ApiKey = "sk-test-judge",
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(800),
        IdlePoll = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    internal static FakeChatReply Script(FakeChatRequest request) =>
        request.User.Contains(Wrong, StringComparison.Ordinal)
            ? new("""{"verdict": "fail", "score": 0.9, "quotes": ["born in 1877", "in Paris"], "explanation": "She was born in 1867."}""")
        : request.User.Contains(Fenced, StringComparison.Ordinal)
            ? new("```json\n{\"verdict\": \"pass\", \"score\": 0.1, \"quotes\": [], \"explanation\": \"Fine.\"}\n```")
        : request.User.Contains(Refused, StringComparison.Ordinal)
            ? FakeChatReply.Failure(400, "context too long")
            : new("""{"verdict": "pass", "score": 0.05, "quotes": [], "explanation": "Correct."}""");

    [Fact]
    public async Task Every_verdict_is_stored_a_fail_flags_with_located_quotes_and_routes_to_review_and_malformed_answers_are_never_guessed()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartJudgingAsync(Policy(), Options(endpoint));
        var wrong = SamplingAssayServer.Interaction("When was Marie Curie born?", Wrong);
        var right = SamplingAssayServer.Interaction("What is the capital of France?", Right);
        var fenced = SamplingAssayServer.Interaction("What is the Moon made of?", Fenced);
        var refused = SamplingAssayServer.Interaction("Anything?", Refused);
        await server.IngestAsync(wrong, right, fenced, refused);

        var verdicts = await VerdictsAsync(server, 4);

        var byId = new Dictionary<string, JudgeRecord>();
        foreach (var record in verdicts)
        {
            var id = (await server.Store.RecordedAsync(record.Sequence - 1, 1, CancellationToken.None))[0].InteractionId;
            byId[id] = record;
        }

        var fail = byId[(string)wrong["id"]!];
        Assert.Equal((JudgeOutcome.Fail, 0.9, "judge.facts", "atlas-judge", 50L), (fail.Verdict.Outcome, fail.Verdict.Score!.Value, fail.Rule, fail.Model, fail.Tokens));
        Assert.Equal(JudgeOutcome.Pass, byId[(string)right["id"]!].Verdict.Outcome);
        var malformed = byId[(string)fenced["id"]!];
        Assert.Equal(JudgeOutcome.Malformed, malformed.Verdict.Outcome);
        Assert.Contains("does not start with a JSON object", malformed.Verdict.Problem, StringComparison.Ordinal);
        Assert.StartsWith("```json", malformed.Answer, StringComparison.Ordinal);
        var rejected = byId[(string)refused["id"]!];
        Assert.Equal(JudgeOutcome.Malformed, rejected.Verdict.Outcome);
        Assert.Contains("the endpoint refused the request (HTTP 400)", rejected.Verdict.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-judge", rejected.Verdict.Problem, StringComparison.Ordinal);

        var view = await server.GetJsonAsync($"v1/interactions/{wrong["id"]}");
        var flag = Assert.Single(view.GetProperty("flags").EnumerateArray(), f => f.GetProperty("rule").GetString() == "judge.facts");
        Assert.Equal("born in 1877", Assert.Single(flag.GetProperty("evidence").EnumerateArray()).GetProperty("text").GetString());
        Assert.Contains("Unverified quotes (not found in the text): \"in Paris\"", flag.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var listed = (await server.GetJsonAsync("v1/interactions")).GetProperty("interactions").EnumerateArray()
            .ToDictionary(i => i.GetProperty("interaction").GetProperty("id").GetString()!, i => i.GetProperty("tier").GetString());
        Assert.Equal("flagged", listed[(string)wrong["id"]!]);
        Assert.All([right, fenced, refused], i => Assert.Equal("none", listed[(string)i["id"]!]));

        // One request per interaction: the fixed contract first, then the rendered prompt, at temperature 0 asking for JSON.
        Assert.Equal(4, endpoint.Requests.Count);
        Assert.All(endpoint.Requests, r =>
        {
            Assert.Equal(("atlas-judge", 0.0), (r.Model, r.Temperature ?? -1));
            Assert.Equal(("system", JudgePrompt.Contract), r.Messages[0]);
            Assert.Contains("Question:", r.User, StringComparison.Ordinal);
            Assert.Contains("[user]\n", r.User, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_judges_flag_is_exported_as_an_evaluation_record_like_the_pipelines_flags()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        var receiver = new Otlp.LogsReceiver();
        await receiver.InitializeAsync();
        try
        {
            await using var server = await SamplingAssayServer.StartJudgingAsync(Policy(), Options(endpoint),
                new Assay.Server.Otlp.VerdictExportOptions { Endpoint = receiver.Address });
            var wrong = SamplingAssayServer.Interaction("When was Marie Curie born?", Wrong);
            await server.IngestAsync(wrong);

            // Bounded like the other judge tests' waits: on a busy machine the judge's lease and its model call take seconds.
            await VerdictsAsync(server, 1);
            Assay.Otlp.Proto.LogRecord? record = null;
            await Wait.UntilAsync(() => Task.FromResult((record = receiver.Records.Select(r => r.Record)
                .FirstOrDefault(r => Otlp.LogsReceiver.Attribute(r, "gen_ai.evaluation.name") == "judge.facts")) is not null), 15, () => "no judge.facts record was exported");
            Assert.NotNull(record);
            Assert.Equal((string)wrong["id"]!, Otlp.LogsReceiver.Attribute(record, "assay.interaction.id"));
            Assert.Contains("She was born in 1867.", Otlp.LogsReceiver.Attribute(record, "gen_ai.evaluation.explanation"), StringComparison.Ordinal);
        }
        finally
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task Judging_status_counts_per_rule_what_was_asked_failed_and_malformed_and_the_day_s_spend_and_redacts_the_last_error()
    {
        var failures = 0;
        await using var endpoint = await FakeChatEndpoint.StartAsync(request =>
            request.User.Contains("Flaky", StringComparison.Ordinal) && Interlocked.Increment(ref failures) <= 2
                ? FakeChatReply.Failure(500, "upstream broke\nwhile reading key sk-test-judge")
                : Script(request));
        await using var server = await SamplingAssayServer.StartJudgingAsync(Policy(), Options(endpoint));
        await server.IngestAsync(
            SamplingAssayServer.Interaction("When was Marie Curie born?", Wrong),
            SamplingAssayServer.Interaction("What is the Moon made of?", Fenced),
            SamplingAssayServer.Interaction("Anything?", Refused),
            SamplingAssayServer.Interaction("Flaky?", "Flaky but fine."));
        await VerdictsAsync(server, 4);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/judging/status", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await server.KeyAsync(Assay.Review.Role.Lead));
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var status = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(("atlas-judge", 200_000L, false), (status.GetProperty("model").GetString(), status.GetProperty("daily_token_budget").GetInt64(),
            status.GetProperty("paused_by_budget").GetBoolean()));
        // Three answers at 50 tokens each; the refused request cost nothing.
        Assert.Equal(150, status.GetProperty("tokens_spent_today").GetInt64());
        var rule = Assert.Single(status.GetProperty("rules").EnumerateArray());
        Assert.Equal(("judge.facts", 6L, 2L, 2L, 1L, 1L), (rule.GetProperty("rule").GetString(), rule.GetProperty("asked").GetInt64(), rule.GetProperty("failed").GetInt64(),
            rule.GetProperty("malformed").GetInt64(), rule.GetProperty("fails").GetInt64(), rule.GetProperty("passes").GetInt64()));
        var error = rule.GetProperty("last_error").GetString()!;
        Assert.DoesNotContain("sk-test-judge", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spent_daily_budget_stops_judging_and_nothing_is_judged_twice_after_a_restart()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        // Each answer reports 50 tokens: the budget of 60 allows two calls, then is spent.
        await using var server = await SamplingAssayServer.StartJudgingAsync(Policy("  requests_per_minute: 600\n  daily_token_budget: 60\n"), Options(endpoint));
        await server.IngestAsync([.. Enumerable.Range(0, 4).Select(i => SamplingAssayServer.Interaction($"Question {i}?", Right))]);

        await VerdictsAsync(server, 2);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await server.Store.JudgedAsync(0, long.MaxValue, CancellationToken.None)).Count);
        Assert.Equal(2, endpoint.Requests.Count);

        await server.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, endpoint.Requests.Count);
    }

    /// <summary>Waits until at least <paramref name="count"/> verdicts are stored; at most 15 seconds.</summary>
    internal static async Task<IReadOnlyList<JudgeRecord>> VerdictsAsync(SamplingAssayServer server, int count)
    {
        IReadOnlyList<JudgeRecord> verdicts = [];
        await Wait.UntilAsync(async () => (verdicts = await server.Store.JudgedAsync(0, long.MaxValue, CancellationToken.None)).Count >= count, 15,
            $"fewer than {count} verdicts were stored");
        return verdicts;
    }
}
