using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests;

/// <summary>Overload is refused at once with 503 and Retry-After, and refusing stores nothing.</summary>
public sealed class BackPressureTests : IClassFixture<BackPressureTests.TinyBudgetServer>
{
    private readonly TinyBudgetServer _server;

    public BackPressureTests(TinyBudgetServer server) => _server = server;

    /// <summary>A server whose body budget holds one small request at a time.</summary>
    public sealed class TinyBudgetServer : AssayTestServer
    {
        protected override AssayServerOptions Configure(AssayServerOptions options) => options with { MaxBufferedBodyBytes = 4096 };
    }

    [Fact]
    public async Task Ingest_while_the_body_budget_is_spent_answers_503_with_retry_after_and_stores_nothing()
    {
        var before = await _server.Store.CountAsync(CancellationToken.None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowBody = Some.Utf8(Some.Interaction("slow-1", response: new string('x', 3500)).ToJsonString());
        // The first request announces its length, reserves it, then stalls mid-body until released.
        using var stalled = new StalledContent(slowBody, release.Task);
        var first = _server.Http.PostAsync(new Uri("v1/interactions", UriKind.Relative), stalled);
        await stalled.Started.WaitAsync(TimeSpan.FromSeconds(10));
        // Wait (bounded) until the server is reading that body, i.e. has reserved its bytes.
        var budget = _server.Services.GetRequiredService<Assay.Server.Ingest.BodyBudget>();
        for (var attempt = 0; attempt < 200 && budget.InUse == 0; attempt++)
            await Task.Delay(50);
        Assert.True(budget.InUse > 0, "the stalled request never reached the body reader");

        using var refused = await _server.PostAsync(Some.Interaction("refused-1").ToJsonString());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        release.SetResult();
        using var accepted = await first;
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var after = await _server.Store.CountAsync(CancellationToken.None);
        Assert.Equal(before.Interactions + 1, after.Interactions);
        Assert.Null(await _server.Store.GetAsync("refused-1", CancellationToken.None));

        // Once the budget is free again, the refused request goes through on retry.
        using var retried = await _server.PostAsync(Some.Interaction("refused-1").ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
    }

    /// <summary>Sends the first half of a body, then waits for a signal before sending the rest.</summary>
    private sealed class StalledContent : HttpContent
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly byte[] _body;
        private readonly Task _release;

        public StalledContent(byte[] body, Task release)
        {
            _body = body;
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        public Task Started => _started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2));
            await stream.FlushAsync();
            _started.TrySetResult();
            await _release.WaitAsync(TimeSpan.FromSeconds(30));
            await stream.WriteAsync(_body.AsMemory(_body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
