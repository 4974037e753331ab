using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Client;

/// <summary>The one line a .NET team adds to its chat client pipeline.</summary>
public static class AssayChatClientBuilderExtensions
{
    /// <summary>
    /// Sends every call (or <see cref="AssayChatOptions.Share"/> of them) through <paramref name="client"/> to Assay:
    /// request messages, response text, reasoning and usage, streaming calls included. Without a client, the
    /// <see cref="AssayClient"/> registered in the builder's services is used.
    /// </summary>
    public static ChatClientBuilder UseAssay(this ChatClientBuilder builder, AssayClient? client = null, AssayChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
            new AssayChatClient(inner, client ?? services.GetRequiredService<AssayClient>(), options ?? new AssayChatOptions()));
    }
}
