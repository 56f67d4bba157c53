namespace BatchInference.Cli.Reporting;

/// <summary>
/// Writes a file whole or not at all: into a temporary file in the same directory (so the rename cannot cross file
/// systems), flushed to disk and then renamed over the target. A failure or cancellation part-way deletes the
/// temporary file and leaves whatever was at the target before untouched, so a reader never sees a partial report.
/// </summary>
internal static class WholeFile
{
    /// <summary>Runs <paramref name="write"/> against a temporary stream and moves the result to <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the content; the stream is disposed afterwards.</param>
    /// <param name="cancellationToken">Stops the write; the target is then unchanged.</param>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
