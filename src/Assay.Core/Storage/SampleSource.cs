namespace Assay.Storage;

/// <summary>Where the samples behind a self-agreement score came from.</summary>
public enum SampleSource
{
    /// <summary>Supplied by the client with the interaction (its <c>samples</c> field).</summary>
    Client,

    /// <summary>Drawn by Assay itself from the configured model endpoint after ingest.</summary>
    Drawn,
}
