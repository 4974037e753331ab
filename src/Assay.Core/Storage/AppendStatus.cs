namespace Assay.Storage;

/// <summary>What happened to one interaction handed to <see cref="IInteractionStore.AppendAsync"/>.</summary>
public enum AppendStatus
{
    /// <summary>Newly stored.</summary>
    Accepted,

    /// <summary>Already stored with the same content; nothing was written.</summary>
    Duplicate,

    /// <summary>Already stored with different content under the same id; nothing was written.</summary>
    Conflict,
}
