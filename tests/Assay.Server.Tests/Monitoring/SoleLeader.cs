using Assay.Server.Election;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assay.Server.Tests.Monitoring;

/// <summary>The election of a worker that runs alone on its file, for tests that drive the worker's steps directly.</summary>
internal static class SoleLeader
{
    public static LeaderElection Monitor(SqliteDatabase database) => new(
        new SqliteLeadership(database, TimeProvider.System, TimeSpan.FromSeconds(15)), new Leadership("test-node"), Leadership.Monitor,
        new LeadershipSettings(TimeSpan.FromSeconds(5)), TimeProvider.System, NullLogger<LeaderElection>.Instance);
}
