using System.Text;
using Assay.Server.Sampling;

namespace Assay.Server.Judging;

/// <summary>Where the judge rules' model is: an OpenAI-compatible endpoint, a model and a key; without them, the sampler's.</summary>
/// <remarks>Server configuration, not policy. The key is left out of <see cref="object.ToString"/>, so printing the options never shows it.</remarks>
public sealed record JudgeOptions
{
    /// <summary>The environment variable the API key is read from.</summary>
    public const string ApiKeyVariable = "ASSAY_JUDGE_API_KEY";

    /// <value>Base address of the OpenAI-compatible API; null uses the sampler's endpoint, model and key. Default null.</value>
    public Uri? Endpoint { get; init; }

    /// <value>The model asked for verdicts. Default null.</value>
    public string? Model { get; init; }

    /// <value>Bearer key for the endpoint. Default: the <c>ASSAY_JUDGE_API_KEY</c> environment variable.</value>
    public string? ApiKey { get; init; } = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null;

    /// <value>First wait after a failed request; it doubles per failure up to <see cref="MaxBackoff"/>. Default 1 s.</value>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <value>Longest wait between retries of a failing endpoint. Default 5 min.</value>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <value>Longest a single request may take. Default 60 s.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>Wait before looking again when no processed interaction is waiting. Default 2 s.</value>
    public TimeSpan IdlePoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>These options, or the sampler's endpoint, model and key when no judge endpoint is given.</summary>
    public JudgeOptions Resolve(SamplerOptions sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return Endpoint is not null ? this : this with { Endpoint = sampler.Endpoint, Model = sampler.Model, ApiKey = sampler.ApiKey };
    }

    /// <summary>The endpoint without any user information, for logs.</summary>
    public string? DisplayEndpoint => Endpoint?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>The same connection as the sampler's client takes it, so one factory builds both clients.</summary>
    internal SamplerOptions AsClient() => new() { Endpoint = Endpoint, Model = Model, ApiKey = ApiKey, RequestTimeout = RequestTimeout };

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(DisplayEndpoint).Append(", Model = ").Append(Model)
            .Append(", ApiKey = ").Append(ApiKey is null ? "(none)" : "(set)");
        return true;
    }
}
