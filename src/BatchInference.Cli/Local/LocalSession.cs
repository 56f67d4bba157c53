using System.Text.Json;
using BatchInference.Storage.Local;

namespace BatchInference.Cli.Local;

/// <summary>
/// How <c>--local</c> commands in several shells share one storage: <c>bi worker --local</c>
/// starts its Azurite on free ports and publishes its connection string in <c>local-storage.json</c> (mode 0600) in
/// this user's <see cref="RuntimeDirectory"/>, with its process id; <c>bi submit/status/jobs/cancel/report… --local</c>
/// read it. A file whose process is gone is stale and ignored. Disposing the publisher's handle removes the file.
/// </summary>
internal sealed class LocalSession : IDisposable
{
    private const string FileName = "local-storage.json";
    private readonly string? _publishedPath;

    private LocalSession(int processId, string connectionString, string? publishedPath)
    {
        ProcessId = processId;
        ConnectionString = connectionString;
        _publishedPath = publishedPath;
    }

    /// <summary>The process whose Azurite this is.</summary>
    public int ProcessId { get; }

    /// <summary>The storage connection string (the well-known Azurite account on the session's ports).</summary>
    public string ConnectionString { get; }

    /// <summary>The live session of this user, or null when there is none.</summary>
    public static LocalSession? TryRead()
    {
        var path = System.IO.Path.Combine(RuntimeDirectory.Path, FileName);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var pid = document.RootElement.GetProperty("pid").GetInt32();
            var connection = document.RootElement.GetProperty("connection_string").GetString();
            return connection is not null && OwnedTempFolder.IsRunning(pid) ? new LocalSession(pid, connection, null) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Publishes this process's storage for the other local commands of this user.</summary>
    /// <exception cref="UsageException">The runtime folder cannot be used.</exception>
    public static LocalSession Publish(string connectionString)
    {
        var folder = RuntimeDirectory.Ensure();
        var path = System.IO.Path.Combine(folder, FileName);
        var temporary = path + "." + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        using (var json = new Utf8JsonWriter(file))
        {
            json.WriteStartObject();
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteString("connection_string", connectionString);
            json.WriteEndObject();
        }

        // Whole or not at all: a reader never sees half a file.
        File.Move(temporary, path, overwrite: true);
        return new LocalSession(Environment.ProcessId, connectionString, path);
    }

    /// <summary>Removes the published file, unless another process has published its own since.</summary>
    public void Dispose()
    {
        if (_publishedPath is null || TryRead() is { } current && current.ProcessId != ProcessId)
        {
            return;
        }

        try
        {
            File.Delete(_publishedPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A stale file is ignored by readers (its process is gone).
        }
    }
}
