namespace BatchInference.Cli.Local;

/// <summary>
/// This user's folder for state the local commands share (<see cref="LocalSession"/>): <c>BI_RUNTIME_DIR</c> if set,
/// else <c>$XDG_RUNTIME_DIR/batchinference</c>, else <c>batchinference-&lt;user&gt;</c> in the temp directory. Mode 0700,
/// and it must be this user's own: a folder someone else created under that name is refused, not used.
/// </summary>
internal static class RuntimeDirectory
{
    /// <summary>The folder's path, not created.</summary>
    public static string Path
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BI_RUNTIME_DIR") is { Length: > 0 } configured)
            {
                return System.IO.Path.GetFullPath(configured);
            }

            if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && Directory.Exists(runtime))
            {
                return System.IO.Path.Combine(runtime, "batchinference");
            }

            var user = new string([.. Environment.UserName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
            return System.IO.Path.Combine(System.IO.Path.GetTempPath(), "batchinference-" + user);
        }
    }

    /// <summary>Creates the folder (0700) if missing and makes sure it is this user's own.</summary>
    /// <returns>Its path.</returns>
    /// <exception cref="UsageException">It cannot be created, or belongs to someone else.</exception>
    public static string Ensure()
    {
        var path = Path;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
                return path;
            }

            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            Directory.CreateDirectory(path, OwnerOnly);

            // Only the owner may change a folder's mode: this fails for a folder another user planted under our name.
            File.SetUnixFileMode(path, OwnerOnly);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The runtime folder {path} cannot be used ({ex.Message}); set BI_RUNTIME_DIR to a folder of your own.", ex);
        }
    }
}
