using Assay.Ingest;

namespace Assay.Server.Tests;

/// <summary>A test server with small limits, so that every limit can be crossed cheaply; holds one interaction.</summary>
public sealed class LimitedAssayServer : AssayTestServer
{
    public static IngestLimits Limits { get; } = new()
    {
        MaxBodyBytes = 16 * 1024,
        MaxInteractionBytes = 4 * 1024,
        MaxItemsPerRequest = 5,
        MaxMessages = 4,
        MaxSamples = 3,
        MaxTags = 3,
        MaxIdLength = 64,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var seeded = await PostAsync(Some.Interaction().ToJsonString());
        seeded.EnsureSuccessStatusCode();
    }

    protected override AssayServerOptions Configure(AssayServerOptions options) => options with { Limits = Limits };
}
