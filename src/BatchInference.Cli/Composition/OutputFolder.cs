namespace BatchInference.Cli.Composition;

/// <summary>
/// Checks a command's output folder before anything is uploaded or spent: results that cannot be written at the end
/// would be paid for and lost.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Creates <paramref name="folder"/> if missing and proves it writable; returns its full path.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="option">The option that named it, for the message.</param>
    /// <exception cref="UsageException">It is a file, cannot be created, or cannot be written to.</exception>
    public static string Require(DirectoryInfo folder, string option)
    {
        var path = folder.FullName;
        if (File.Exists(path))
        {
            throw new UsageException($"{option} {path} is a file; give a folder (it is created if missing).");
        }

        try
        {
            Directory.CreateDirectory(path);
            using (new FileStream(Path.Combine(path, $".bi-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path} cannot be written to: {ex.Message}", ex);
        }

        return path;
    }
}
