using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Election;

/// <summary>Registers leader election's settings and this node's <see cref="Leadership"/>; the store's <c>ILeadership</c> comes with the storage engine.</summary>
internal static class LeadershipServices
{
    /// <summary>
    /// The period comes from <see cref="AssayServerOptions.LeaderRetry"/>, else configuration key <c>Assay:Leadership:RetrySeconds</c>
    /// (environment <c>Assay__Leadership__RetrySeconds</c>), else 5 s.
    /// </summary>
    public static IServiceCollection AddLeadership(this IServiceCollection services, IConfiguration configuration, AssayServerOptions options)
    {
        var retry = options.LeaderRetry
            ?? TimeSpan.FromSeconds(double.TryParse(configuration["Assay:Leadership:RetrySeconds"], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 5);
        services.AddSingleton(new LeadershipSettings(retry));
        services.AddSingleton(new Leadership(options.NodeId));
        return services;
    }
}
