using BatchInference.Emulator.Hosting;

namespace BatchInference.Emulator.Files;

/// <summary>The emulator's files, in memory (a dev tool holds what a test uploads). Thread-safe.</summary>
internal sealed class FileStore(TimeProvider timeProvider)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private long _sequence;

    public StoredFile Add(string filename, string purpose, byte[] content)
    {
        lock (_gate)
        {
            var file = new StoredFile(EmulatorIds.NewFileId(), filename, purpose, timeProvider.GetUtcNow(), content, ++_sequence);
            _files.Add(file.Id, file);
            return file;
        }
    }

    public StoredFile? Get(string id)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(id);
        }
    }

    public bool Delete(string id)
    {
        lock (_gate)
        {
            return _files.Remove(id);
        }
    }

    /// <summary>Every file, oldest first.</summary>
    public IReadOnlyList<StoredFile> List()
    {
        lock (_gate)
        {
            return [.. _files.Values.OrderBy(f => f.Sequence)];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _files.Clear();
        }
    }
}
