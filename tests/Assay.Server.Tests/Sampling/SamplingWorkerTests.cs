using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Assay.Detection.Consistency;
using Assay.Review;
using Assay.Storage;

namespace Assay.Server.Tests.Sampling;

/// <summary>Samples drawn by Assay from a real OpenAI-compatible endpoint on loopback, end to end through a real server.</summary>
public sealed class SamplingWorkerTests
{
    private const string EiffelQuestion = "When was the Eiffel Tower built and what is it made of?";
    private const string Invented = "Its lattice was painted with edible gold leaf by royal confectioners.";
    private const string EiffelResponse = "The Eiffel Tower was completed in 1889 for the World's Fair. It is made of wrought iron. " + Invented;
    private const string CapitalQuestion = "What is the capital of France, and which river runs through it?";
    private const string CapitalResponse = "Paris is the capital of France. It lies on the Seine.";

    private static readonly string[] s_eiffelSamples =
    [
        "The Eiffel Tower was completed in 1889 for the World's Fair. It is made of wrought iron and painted brown.",
        "Completed in 1889 for the World's Fair, the Eiffel Tower is made of wrought iron.",
        "The Eiffel Tower was finished in 1889 for the World's Fair and is made of wrought iron; it is repainted every seven years.",
    ];

    private static readonly string[] s_capitalSamples =
    [
        "Paris is the capital of France. It lies on the Seine.",
        "Paris is the capital of France. It lies on the river Seine.",
        "The capital of France is Paris. Paris lies on the Seine.",
    ];

    private static FakeChatReply Script(FakeChatRequest request) =>
        request.User == EiffelQuestion ? new(s_eiffelSamples[request.Earlier % 3])
        : request.User == CapitalQuestion ? new(s_capitalSamples[request.Earlier % 3])
        : new("I do not know.");

    [Fact]
    public async Task Drawn_contradicting_samples_store_a_low_score_and_a_hallucination_flag_and_consistent_ones_a_high_score_and_no_flag()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 3\n  temperature: 0.7\n  max_output_tokens: 128\n  requests_per_minute: 600\n",
            SamplingAssayServer.Options(endpoint));
        var eiffel = SamplingAssayServer.Interaction(EiffelQuestion, EiffelResponse);
        var capital = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(eiffel, capital);

        var low = await server.DrawnAsync((string)eiffel["id"]!);
        var high = await server.DrawnAsync((string)capital["id"]!);

        Assert.Equal((SampleSource.Drawn, "atlas@2026-10-01", SelfAgreementMethod.SentenceOverlap, 3), (low.Source, low.ModelVersion, low.Method, low.SampleCount));
        Assert.Equal(s_eiffelSamples, low.Samples);
        Assert.Equal(1, low.UnsupportedSentences);
        Assert.True(high.Score > 0.8, $"consistent samples scored {high.Score}");
        Assert.Equal(0, high.UnsupportedSentences);
        Assert.True(low.Score < high.Score);

        var view = await server.GetJsonAsync($"v1/interactions/{eiffel["id"]}");
        var flag = Assert.Single(view.GetProperty("flags").EnumerateArray(), f => f.GetProperty("rule").GetString() == SelfConsistencyDetector.RuleId);
        Assert.Equal("hallucination", flag.GetProperty("category").GetString());
        Assert.Equal(view.GetProperty("processing").GetProperty("policy").GetString(), flag.GetProperty("policy").GetString());
        var evidence = Assert.Single(flag.GetProperty("evidence").EnumerateArray());
        Assert.Equal(Invented, evidence.GetProperty("text").GetString());
        Assert.Contains("Samples drawn by Assay from atlas-sampler", flag.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var shown = Assert.Single(view.GetProperty("self_agreement").EnumerateArray());
        Assert.Equal(("drawn", low.Score, 3), (shown.GetProperty("source").GetString(), shown.GetProperty("score").GetDouble(), shown.GetProperty("samples").GetArrayLength()));
        // The late flag routed the interaction to review, as if the pipeline had raised it; the consistent one stayed unflagged.
        var listed = (await server.GetJsonAsync("v1/interactions")).GetProperty("interactions").EnumerateArray().ToList();
        Assert.Equal("flagged", listed.Single(i => i.GetProperty("interaction").GetProperty("id").GetString() == (string)eiffel["id"]!).GetProperty("tier").GetString());
        Assert.NotEqual("flagged", listed.Single(i => i.GetProperty("interaction").GetProperty("id").GetString() == (string)capital["id"]!).GetProperty("tier").GetString());
        var consistent = await server.GetJsonAsync($"v1/interactions/{capital["id"]}");
        Assert.DoesNotContain(consistent.GetProperty("flags").EnumerateArray(), f => f.GetProperty("rule").GetString() == SelfConsistencyDetector.RuleId);

        // Three requests per interaction, each the interaction's own conversation with the policy's settings.
        Assert.Equal(3, endpoint.RequestsAbout(EiffelQuestion).Count);
        Assert.Equal(3, endpoint.RequestsAbout(CapitalQuestion).Count);
        Assert.All(endpoint.Requests, r =>
        {
            Assert.Equal(("atlas-sampler", 0.7, 128), (r.Model, r.Temperature, r.MaxTokens));
            Assert.Equal([("system", "Be brief."), ("user", r.User)], r.Messages);
        });
    }

    [Fact]
    public async Task Requests_carry_the_configured_key_as_a_bearer_token_and_the_status_never_shows_it()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n", SamplingAssayServer.Options(endpoint, apiKey: "sk-secret-4711"));
        var capital = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(capital);

        await server.DrawnAsync((string)capital["id"]!);

        Assert.Equal(2, endpoint.Requests.Count);
        Assert.All(endpoint.Requests, r => Assert.Equal("Bearer sk-secret-4711", r.Authorization));
        var status = await server.StatusAsync();
        Assert.DoesNotContain("sk-secret-4711", status.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(endpoint.BaseAddress.ToString(), status.GetProperty("endpoint").GetString());
    }

    [Fact]
    public async Task Requests_without_a_configured_key_carry_no_authorization_header()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n", SamplingAssayServer.Options(endpoint, apiKey: null));
        var capital = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(capital);

        await server.DrawnAsync((string)capital["id"]!);

        Assert.All(endpoint.Requests, r => Assert.Equal("", r.Authorization));
    }

    [Fact]
    public void SamplerOptions_printed_never_show_the_key()
    {
        var options = new Assay.Server.Sampling.SamplerOptions { Endpoint = new Uri("http://user:pw@127.0.0.1:8000/v1"), Model = "m", ApiKey = "sk-secret-4711" };

        var text = options.ToString();

        Assert.DoesNotContain("sk-secret-4711", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", text, StringComparison.Ordinal);
        Assert.Contains("ApiKey = (set)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limit_of_two_a_minute_allows_one_request_in_the_first_seconds_and_records_nothing_yet()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 3\n  requests_per_minute: 2\n", SamplingAssayServer.Options(endpoint));
        var capital = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(capital);

        await Wait.UntilAsync(() => !endpoint.Requests.IsEmpty, 10, "no request reached the endpoint");
        await Task.Delay(TimeSpan.FromSeconds(4));

        // A bucket of one request refilled every 30 s: one request now, the next not before the first refill.
        Assert.Single(endpoint.Requests);
        Assert.Null((await server.RecordedAsync((string)capital["id"]!))!.SelfAgreement);
        Assert.Equal(1, (await server.StatusAsync()).GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task Spent_budget_stops_sampling_and_the_status_says_paused_until_utc_midnight()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        // Every completion reports 50 tokens: two samples spend the budget of 100.
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n  daily_token_budget: 100\n", SamplingAssayServer.Options(endpoint));
        var first = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        var second = SamplingAssayServer.Interaction(EiffelQuestion, EiffelResponse);
        await server.IngestAsync(first, second);

        await server.DrawnAsync((string)first["id"]!);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(2, endpoint.Requests.Count);
        Assert.Empty(endpoint.RequestsAbout(EiffelQuestion));
        Assert.Null((await server.RecordedAsync((string)second["id"]!))!.SelfAgreement);
        var status = await server.StatusAsync();
        Assert.True(status.GetProperty("paused_by_budget").GetBoolean());
        Assert.True(status.GetProperty("leader").GetBoolean());
        Assert.Equal((100, 100, 1), (status.GetProperty("tokens_spent_today").GetInt64(), status.GetProperty("daily_token_budget").GetInt64(), status.GetProperty("drawn").GetInt64()));
        var midnight = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1);
        Assert.Equal(new DateTimeOffset(midnight, TimeSpan.Zero), status.GetProperty("resumes_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Spent_budget_stays_spent_after_a_restart_the_same_day()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n  daily_token_budget: 100\n", SamplingAssayServer.Options(endpoint));
        var first = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        var second = SamplingAssayServer.Interaction(EiffelQuestion, EiffelResponse);
        await server.IngestAsync(first, second);
        Assert.Equal(100, (await server.DrawnAsync((string)first["id"]!)).Tokens);

        await server.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(2, endpoint.Requests.Count);
        Assert.Empty(endpoint.RequestsAbout(EiffelQuestion));
        var status = await server.StatusAsync();
        Assert.True(status.GetProperty("paused_by_budget").GetBoolean());
        Assert.Equal(100, status.GetProperty("tokens_spent_today").GetInt64());
    }

    [Fact]
    public async Task Endpoint_without_usage_is_charged_input_and_output_characters_over_four()
    {
        const string answer = "Paris is the capital of France. It lies on the Seine.";
        await using var endpoint = await FakeChatEndpoint.StartAsync(_ => FakeChatReply.WithoutUsage(answer));
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n", SamplingAssayServer.Options(endpoint));
        var capital = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(capital);

        await server.DrawnAsync((string)capital["id"]!);

        var perRequest = ("Be brief.".Length + CapitalQuestion.Length + answer.Length + 3) / 4;
        Assert.Equal(2 * perRequest, (await server.StatusAsync()).GetProperty("tokens_spent_today").GetInt64());
    }

    [Fact]
    public async Task Failing_endpoint_is_retried_with_back_off_and_the_interaction_is_neither_skipped_nor_passed()
    {
        var failures = 3;
        await using var endpoint = await FakeChatEndpoint.StartAsync(r =>
            r.User == EiffelQuestion && Interlocked.Decrement(ref failures) >= 0 ? FakeChatReply.Failure() : Script(r));
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 3\n  requests_per_minute: 6000\n", SamplingAssayServer.Options(endpoint));
        var failing = SamplingAssayServer.Interaction(EiffelQuestion, EiffelResponse);
        var after = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(failing, after);

        var recorded = await server.DrawnAsync((string)failing["id"]!);
        await server.DrawnAsync((string)after["id"]!);

        Assert.Equal(s_eiffelSamples, recorded.Samples);
        var eiffel = endpoint.RequestsAbout(EiffelQuestion);
        Assert.Equal(6, eiffel.Count);
        // Back-off of 100, 200 and 400 ms after the first, second and third failure.
        for (var i = 1; i <= 3; i++)
            Assert.True(eiffel[i].At - eiffel[i - 1].At >= TimeSpan.FromMilliseconds(90 * (1 << (i - 1))), $"retry {i} came after {eiffel[i].At - eiffel[i - 1].At}");
        // The next interaction waited for the failing one.
        Assert.True(endpoint.RequestsAbout(CapitalQuestion).Min(r => r.At) > eiffel[^1].At);
        var status = await server.StatusAsync();
        Assert.Equal((3, 2), (status.GetProperty("failed_requests").GetInt64(), status.GetProperty("drawn").GetInt64()));
        Assert.Contains("500", status.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interaction_the_endpoint_refuses_for_good_is_recorded_unscored_and_passed_and_the_error_hides_the_key()
    {
        // The endpoint answers 400 for one prompt (say, too long for its context) and echoes the key it was sent.
        await using var endpoint = await FakeChatEndpoint.StartAsync(r => r.User == EiffelQuestion ? FakeChatReply.Failure(400, "context too long; you sent {key}") : Script(r));
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 3\n  requests_per_minute: 6000\n", SamplingAssayServer.Options(endpoint));
        var refused = SamplingAssayServer.Interaction(EiffelQuestion, EiffelResponse);
        var after = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(refused, after);

        var scored = await server.DrawnAsync((string)after["id"]!);
        var unscored = (await server.RecordedAsync((string)refused["id"]!))!.SelfAgreement!;

        Assert.Equal(SampleSource.Drawn, unscored.Source);
        Assert.True(double.IsNaN(unscored.Score));
        Assert.Equal(0, unscored.SampleCount);
        Assert.Single(endpoint.RequestsAbout(EiffelQuestion));
        Assert.False(double.IsNaN(scored.Score));
        var status = await server.StatusAsync();
        Assert.Equal(1, status.GetProperty("refused").GetInt64());
        var error = status.GetProperty("last_error").GetString()!;
        Assert.Contains("400", error, StringComparison.Ordinal);
        Assert.Contains("context too long", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-sampler", error, StringComparison.Ordinal);
        Assert.Contains("***", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactions_with_client_samples_are_never_sent()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n", SamplingAssayServer.Options(endpoint));
        var withSamples = Some.Interaction(Some.Id("c"), EiffelResponse, EiffelQuestion);
        withSamples["samples"] = new System.Text.Json.Nodes.JsonArray(s_eiffelSamples[0], s_eiffelSamples[1]);
        var without = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse);
        await server.IngestAsync(withSamples, without);

        await server.DrawnAsync((string)without["id"]!);

        Assert.Empty(endpoint.RequestsAbout(EiffelQuestion));
        Assert.Equal(SampleSource.Client, (await server.RecordedAsync((string)withSamples["id"]!))!.SelfAgreement!.Source);
    }

    [Fact]
    public async Task Only_risk_draws_only_for_the_named_risk_labels()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync(
            "sampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n  only_risk: [high]\n", SamplingAssayServer.Options(endpoint));
        var normal = SamplingAssayServer.Interaction(EiffelQuestion, EiffelResponse, risk: "normal");
        var high = SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse, risk: "high");
        await server.IngestAsync(normal, high);

        await server.DrawnAsync((string)high["id"]!);

        Assert.Empty(endpoint.RequestsAbout(EiffelQuestion));
        Assert.Null((await server.RecordedAsync((string)normal["id"]!))!.SelfAgreement);
    }

    [Fact]
    public async Task Status_needs_a_lead_or_admin_key_and_says_why_sampling_is_off()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(Script);
        await using var server = await SamplingAssayServer.StartAsync("", SamplingAssayServer.Options(endpoint));

        using (var anonymous = await server.Http.GetAsync(new Uri("v1/sampling/status", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/sampling/status", UriKind.Relative)))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.KeyAsync(Role.Reviewer));
            using var reviewer = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        }

        // A project's lead may not read it either: the sampler serves every project.
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/sampling/status", UriKind.Relative)))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await server.KeyAsync(Role.Lead, "travel-desk"));
            using var scoped = await server.Http.SendAsync(request);
            await ProblemAssert.IsProblemAsync(scoped, 403);
        }

        var status = await server.StatusAsync();
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Equal("the policy has no 'sampling' section", status.GetProperty("disabled_reason").GetString());
        await server.IngestAsync(SamplingAssayServer.Interaction(CapitalQuestion, CapitalResponse));
        await server.WaitUntilAllProcessedAsync();
        await Task.Delay(300);
        Assert.Empty(endpoint.Requests);
    }
}
