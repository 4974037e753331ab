namespace Assay.Server.Tests.Operations;

/// <summary>What a stopped server leaves behind.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_stopped_server_closes_every_connection_to_its_SQLite_file_so_the_write_ahead_log_is_folded_in()
    {
        var server = new AssayTestServer();
        try
        {
            await server.InitializeAsync();
            using (var response = await server.PostAsync(Some.Interaction().ToJsonString()))
                response.EnsureSuccessStatusCode();
            await server.WaitUntilAllProcessedAsync();
            // Reads went through pooled connections too, so both the writer and the readers must be closed.
            Assert.True(File.Exists(server.DatabasePath + "-wal"));

            await server.StopAsync();

            // SQLite checkpoints and deletes the log when the last connection to the file closes.
            Assert.False(File.Exists(server.DatabasePath + "-wal"));
            Assert.True(new FileInfo(server.DatabasePath).Length > 0);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
