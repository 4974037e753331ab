namespace Assay.Storage.Tests;

/// <summary>A SQLite file path in a fresh temporary folder, deleted with its WAL files on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("assay-storage-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "assay.db");

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
