using System.Text;

namespace Assay.Server.Sampling;

/// <summary>Where Assay draws its own samples from: an OpenAI-compatible endpoint, a model and a key.</summary>
/// <remarks>
/// Server configuration, not policy: the policy's <c>sampling</c> section says what and how much. Sampling is off
/// without an <see cref="Endpoint"/>. The key is left out of <see cref="object.ToString"/>, so printing the options never shows it.
/// </remarks>
public sealed record SamplerOptions
{
    /// <summary>The environment variable the API key is read from.</summary>
    public const string ApiKeyVariable = "ASSAY_SAMPLER_API_KEY";

    /// <value>Base address of the OpenAI-compatible API, ending before <c>/chat/completions</c> (e.g. <c>http://127.0.0.1:8000/v1</c>); null turns sampling off. Default null.</value>
    public Uri? Endpoint { get; init; }

    /// <value>The model asked for samples; should be the model that answered, for the samples to mean anything. Default null.</value>
    public string? Model { get; init; }

    /// <value>Bearer key for the endpoint; null sends none. Default: the <c>ASSAY_SAMPLER_API_KEY</c> environment variable.</value>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null;

    /// <value>First wait after a failed request; it doubles per failure up to <see cref="MaxBackoff"/>. Default 1 s.</value>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <value>Longest wait between retries of a failing endpoint. Default 5 min.</value>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <value>Longest a single request may take. Default 60 s.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>Wait before looking again when no processed interaction is waiting. Default 2 s.</value>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <value>Interactions read from the store per step. Default 128.</value>
    public int Batch { get; init; } = 128;

    /// <summary>The endpoint without any user information, for logs and the status.</summary>
    public string? DisplayEndpoint => Endpoint?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(DisplayEndpoint).Append(", Model = ").Append(Model)
            .Append(", ApiKey = ").Append(ApiKey is null ? "(none)" : "(set)");
        return true;
    }
}
