namespace Assay.Server.Tests;

/// <summary>A SQLite file path in a fresh temporary folder, deleted with its WAL files on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("assay-server-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "assay.db");

    /// <summary>A further file in the same folder, deleted with it.</summary>
    public string File(string name) => System.IO.Path.Combine(_folder, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection may still hold the file on some platforms; the OS temp cleaner gets it.
        }
    }
}
