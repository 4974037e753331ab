namespace Assay.Server.Tests.Security;

/// <summary><c>assay keys</c> run as a child process: expiry on creation, and the listing's expiry and last-use columns.</summary>
[Collection(ChildProcesses.Name)]
public sealed class KeysCliTests
{
    [Fact]
    public async Task Cli_keys_create_with_expires_stores_it_and_a_past_expiry_is_one_line_and_exit_1()
    {
        using var database = new TempDatabase();
        var timeout = TimeSpan.FromSeconds(90);

        using var past = AssayProcess.Start("keys", "create", "--db", database.Path, "--name", "old", "--role", "reviewer", "--expires", "2020-01-01T00:00:00Z");
        Assert.True(await past.WaitForExitAsync(timeout) != 0, past.Output);
        using var good = AssayProcess.Start("keys", "create", "--db", database.Path, "--name", "temp", "--role", "reviewer", "--expires", "2099-01-31T00:00:00Z");
        Assert.True(await good.WaitForExitAsync(timeout) == 0, good.Output);

        Assert.Single(past.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--expires", past.Output, StringComparison.Ordinal);
        using var list = AssayProcess.Start("keys", "list", "--db", database.Path);
        Assert.True(await list.WaitForExitAsync(timeout) == 0, list.Output);
        Assert.Contains("2099-01-31", list.Output, StringComparison.Ordinal);
        Assert.Contains("never", list.Output, StringComparison.Ordinal);
    }
}
