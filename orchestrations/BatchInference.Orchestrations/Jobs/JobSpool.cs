namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Local files a running job writes its results into before they are uploaded: results are streamed to disk, never
/// held in memory, and a half-finished job leaves nothing in storage. Deleted on dispose.
/// </summary>
internal sealed class JobSpool : IDisposable
{
    private const int BufferSize = 1 << 16;

    public JobSpool(string? root, string jobId)
    {
        Directory = System.IO.Directory.CreateDirectory(
            Path.Combine(string.IsNullOrWhiteSpace(root) ? Path.GetTempPath() : root, "bi-spool", jobId + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        Output = Create("output.jsonl");
        Errors = Create("errors.jsonl");
        Ledger = Create("ledger.jsonl");
    }

    public string Directory { get; }

    public FileStream Output { get; }

    public FileStream Errors { get; }

    public FileStream Ledger { get; }

    /// <summary>Opens a spool file for reading from its start (the writer's buffered bytes must be flushed first).</summary>
    public static FileStream OpenRead(FileStream written) =>
        new(written.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        Output.Dispose();
        Errors.Dispose();
        Ledger.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A spool left behind costs disk, not correctness; the temp folder is cleaned by the OS.
        }
    }

    private FileStream Create(string name) =>
        new(PathOf(name), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, BufferSize, FileOptions.Asynchronous);
}
