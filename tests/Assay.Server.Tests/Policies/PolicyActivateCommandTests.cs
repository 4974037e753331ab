using Assay.Policy;
using Assay.Review;
using Assay.Server.Policies;
using Assay.Server.Tests.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Policies;

/// <summary><c>assay policy activate FILE --server URL</c> as a user runs it, against a real server that requires keys.</summary>
public sealed class PolicyActivateCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Activates_a_file_and_a_file_with_errors_prints_them_against_the_file_and_changes_nothing()
    {
        var server = new ReviewAssayServer();
        using var folder = new TempDatabase();
        try
        {
            await server.InitializeAsync();
            var admin = await server.KeyAsync(Role.Admin, "*");
            var good = folder.File("marked.yaml");
            var bad = folder.File("broken.yaml");
            await File.WriteAllTextAsync(good, PolicyVersionTests.Marked);
            await File.WriteAllTextAsync(bad, PolicyVersionTests.Marked.Replace("severity: high", "severity: dire", StringComparison.Ordinal));
            var live = server.Services.GetRequiredService<LivePolicy>();
            var starter = live.Policy.Hash;

            using (var refused = AssayProcess.Start("policy", "activate", bad, "--server", server.Address.ToString(), "--key", admin))
            {
                Assert.Equal(1, await refused.WaitForExitAsync(s_timeout));
                Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(bad)}:\d+:\d+: error: ", refused.Output);
            }

            Assert.Equal(starter, live.Policy.Hash);
            using (var noKey = AssayProcess.Start("policy", "activate", good, "--server", server.Address.ToString()))
            {
                Assert.Equal(2, await noKey.WaitForExitAsync(s_timeout));
                Assert.Contains("401", noKey.Output, StringComparison.Ordinal);
            }

            using var activated = AssayProcess.Start("policy", "activate", good, "--server", server.Address.ToString(), "--key", admin);
            Assert.True(await activated.WaitForExitAsync(s_timeout) == 0, activated.Output);
            Assert.Equal(PolicyLoader.Hash(PolicyVersionTests.Marked), live.Policy.Hash);
            Assert.Contains($"policy {live.Policy.Hash[..16]} from {good} runs on", activated.Output, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
