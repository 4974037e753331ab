using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Assay.Review;
using Assay.Server.Ingest;
using Assay.Server.Tests.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Security;

/// <summary>Clients that announce huge bodies and trickle them cannot hold the body budget, and are cut.</summary>
public sealed class SlowBodyTests(SlowBodyTests.SmallBudgetServer server) : IClassFixture<SlowBodyTests.SmallBudgetServer>
{
    /// <summary>Keys required, a 1 MiB body budget: eight announced 32 MiB bodies would hold it many times over.</summary>
    public sealed class SmallBudgetServer : AssayTestServer
    {
        protected override AssayServerOptions Configure(AssayServerOptions options) =>
            options with { RequireApiKeys = true, MaxBufferedBodyBytes = 1024 * 1024 };

        public async Task<string> KeyAsync(Role role)
        {
            var store = Services.GetRequiredService<Assay.Storage.IReviewStore>();
            var (token, keyId, hash) = ApiKeySecrets.Create();
            await store.CreateKeyAsync(new ApiKey(keyId, $"{role}-{keyId}", role, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
            return token;
        }
    }

    [Fact]
    public async Task Eight_trickling_keys_announcing_32_MiB_leave_other_keys_202_and_are_cut()
    {
        var budget = server.Services.GetRequiredService<BodyBudget>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var attackers = new List<(TcpClient Client, Task<TimeSpan?> ClosedAfter)>();
        for (var i = 0; i < 8; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Address.Port);
            var stream = client.GetStream();
            var head = $"POST /v1/interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {await server.KeyAsync(Role.Ingest)}\r\n" +
                "Content-Type: application/json\r\nContent-Length: 33554431\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            attackers.Add((client, TrickleAsync(stream, stop.Token)));
        }

        for (var attempt = 0; attempt < 100 && budget.InUse == 0; attempt++)
            await Task.Delay(50);
        Assert.True(budget.InUse > 0, "the trickling bodies never reached the body reader");

        using var honest = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        honest.DefaultRequestHeaders.Authorization = new("Bearer", await server.KeyAsync(Role.Ingest));
        using var accepted = await honest.PostAsJsonAsync(new Uri("v1/interactions", UriKind.Relative), ReviewAssayServer.Interaction(Some.Id("honest"), "tests"));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.True(budget.InUse <= 1024 * 1024, $"{budget.InUse} bytes held");
        // 600 B/s is below the minimum body rate: after its grace period each trickling body is cut.
        var closed = await Task.WhenAll(attackers.Select(a => a.ClosedAfter));
        Assert.All(closed, after => Assert.True(after is { } t && t < TimeSpan.FromSeconds(30), $"a trickling connection was still open after {after}"));
        for (var attempt = 0; attempt < 100 && budget.InUse > 0; attempt++)
            await Task.Delay(50);
        Assert.Equal(0, budget.InUse);
        foreach (var (client, _) in attackers)
            client.Dispose();
    }

    /// <summary>Sends about 600 bytes a second until the server closes the connection; the time it took, or null if it never did.</summary>
    private static async Task<TimeSpan?> TrickleAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 60));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await stream.WriteAsync(chunk, cancellationToken);
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (IOException)
        {
            return clock.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return null;
    }
}
