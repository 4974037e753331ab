using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server;

/// <summary>Picks the storage engine from <see cref="AssayServerOptions.DatabasePath"/>: a <c>postgresql://</c> URI, else a SQLite file.</summary>
/// <remarks>Both engines register the same ports (the stores and leader election), so nothing past the composition root knows which one runs.</remarks>
internal static class StorageServices
{
    public static IServiceCollection AddStorage(this IServiceCollection services, AssayServerOptions options)
    {
        if (PostgresConnection.IsPostgres(options.DatabasePath))
        {
            // Made here, so that a malformed URI fails the build, but handed over by a factory: the container disposes what a
            // factory returns (not a registered instance), so shutdown closes the pool's connections instead of leaving them
            // to the server's idle timeout. PostgresLeadership is the container's the same way.
            var database = new PostgresDatabase(options.DatabasePath);
            services.AddSingleton(_ => database);
            services.AddSingleton<IInteractionStore>(sp => new PostgresInteractionStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IReviewStore>(sp => new PostgresReviewStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IAlertStore>(sp => new PostgresAlertStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ILeadership>(_ => new PostgresLeadership(options.DatabasePath));
            services.AddSingleton<IRetentionStore>(sp => new PostgresRetention(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>(),
                Retention.RetentionLog.Partition(sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Retention.RetentionWorker>>())));
            services.AddSingleton<IHostStore>(sp => new PostgresHostStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IAuditStore>(sp => new PostgresAuditStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IPolicyStore>(sp => new PostgresPolicyStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IIncidentStore>(sp => new PostgresIncidentStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            return services;
        }

        // By a factory too: disposing the database closes its write connection and its pooled readers, so the last close
        // checkpoints the write-ahead log into the file and a stopped server leaves one self-contained file behind.
        var file = new SqliteDatabase(new SqliteStoreOptions(options.DatabasePath) { Durability = options.Durability });
        services.AddSingleton(_ => file);
        services.AddSingleton<IInteractionStore>(sp => new SqliteInteractionStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IReviewStore>(sp => new SqliteReviewStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertStore>(sp => new SqliteAlertStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILeadership>(sp => new SqliteLeadership(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Election.LeadershipSettings>().LeaseTerm));
        services.AddSingleton<IRetentionStore>(sp => new SqliteRetention(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IHostStore>(sp => new SqliteHostStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditStore>(sp => new SqliteAuditStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPolicyStore>(sp => new SqlitePolicyStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIncidentStore>(sp => new SqliteIncidentStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
