namespace BatchInference.Orchestrations.Jobs;

/// <summary>
/// Local files a running job writes its results into before they are uploaded: results are streamed to disk, never
/// held in memory, and a half-finished job leaves nothing in storage. Deleted on dispose.
/// </summary>
internal sealed class JobSpool : IDisposable
{
    private const int BufferSize = 1 << 16;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public JobSpool(string? root, string jobId)
    {
        // Prompts and responses: the folders are this user's alone (0700) and the files 0600, whatever the umask.
        var spool = Path.Combine(string.IsNullOrWhiteSpace(root) ? Path.GetTempPath() : root, "bi-spool");
        var path = Path.GetFullPath(Path.Combine(spool, jobId + "-" + Guid.NewGuid().ToString("N")[..8]));
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(spool, OwnerOnly);
            System.IO.Directory.CreateDirectory(path, OwnerOnly);
        }

        Directory = path;
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

    private FileStream Create(string name)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = BufferSize, Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(PathOf(name), options);
    }
}
