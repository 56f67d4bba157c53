using System.Diagnostics;
using System.Globalization;

namespace BatchInference.Storage.Local;

/// <summary>
/// A folder in the temp directory for data that must not outlive its process (prompts, responses, Azurite's
/// workspace): created readable by this user only (0700 on Unix), marked with the owning process id, deleted on
/// dispose. A process killed before it could dispose leaves the folder behind; <see cref="Create"/> removes such
/// orphans of the same prefix whose owner is dead, so the next start cleans up after a <c>kill -9</c>.
/// </summary>
public sealed class OwnedTempFolder : IDisposable
{
    /// <summary>The marker file holding the owner's process id.</summary>
    public const string OwnerFileName = ".owner-pid";

    private int _disposed;

    private OwnedTempFolder(string path) => Path = path;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Removes dead owners' folders named <paramref name="prefix"/>*, then creates a new one for this process.</summary>
    /// <param name="prefix">The folder name's start, e.g. <c>azurite-</c>.</param>
    /// <returns>The folder; dispose it to delete it.</returns>
    public static OwnedTempFolder Create(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        RemoveOrphans(prefix);

        // A random name created exclusively with mode 0700 (mkdtemp): nobody else can have made it or look inside.
        var path = Directory.CreateTempSubdirectory(prefix).FullName;
        var marker = System.IO.Path.Combine(path, OwnerFileName);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(marker, options))
        {
            writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }

        return new OwnedTempFolder(path);
    }

    /// <summary>
    /// Deletes every temp folder named <paramref name="prefix"/>* whose marker names a process that is no longer
    /// running. Folders without a readable marker (another user's, one being created, an older version's) are left.
    /// </summary>
    /// <param name="prefix">The folder name's start.</param>
    /// <returns>The folders deleted.</returns>
    public static int RemoveOrphans(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var removed = 0;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), prefix + "*").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        foreach (var folder in candidates)
        {
            if (Owner(folder) is { } pid && !IsRunning(pid) && TryDelete(folder))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Whether a process with this id runs (a reused id counts as running: the folder then waits one more start).</summary>
    /// <param name="processId">The process id.</param>
    /// <returns>True while it runs.</returns>
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            TryDelete(Path);
        }
    }

    internal static bool TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still in use or not ours; the next start tries again.
            return false;
        }
    }

    private static int? Owner(string folder)
    {
        try
        {
            var text = File.ReadAllText(System.IO.Path.Combine(folder, OwnerFileName));
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
