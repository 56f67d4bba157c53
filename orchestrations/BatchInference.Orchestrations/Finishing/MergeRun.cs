using System.Text;
using BatchInference.Orchestrations.Checkpoints;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>
/// One shard's part of the merge, as a local file in sequence order: each of its checkpoint records, and a gap entry
/// (input line number and <c>custom_id</c>) for each of its lines that has none. Shards hold one endpoint and model, so
/// their sequences interleave; the merge reads every shard's run at once, one entry each, and takes the lowest
/// (<see cref="MergeRunCursor"/>). A compact binary layout, since it is written and read back once by this process.
/// </summary>
internal sealed class MergeRun : IDisposable
{
    // Small: a job may have hundreds of shards, and the merge holds every run open at once.
    public const int BufferBytes = 16 * 1024;

    private readonly FileStream _file;
    private readonly BinaryWriter _writer;

    public MergeRun(string path)
    {
        Path = path;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = BufferBytes };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _file = new FileStream(path, options);
        _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: false);
    }

    public string Path { get; }

    /// <summary>Entries written; the cursor reads exactly this many.</summary>
    public long Count { get; private set; }

    public void WriteRecord(PartRecord record)
    {
        _writer.Write(record.Sequence);
        _writer.Write(true);
        _writer.Write(record.Line);
        WriteString(record.CustomId);
        WriteString(record.Model);
        _writer.Write((byte)record.Kind);
        _writer.Write(record.Attempts);
        WriteBytes(record.Out);
        _writer.Write(record.Ledger.Count);
        foreach (var line in record.Ledger)
        {
            WriteBytes(line);
        }

        Count++;
    }

    public void WriteGap(long sequence, long line, string? customId)
    {
        _writer.Write(sequence);
        _writer.Write(false);
        _writer.Write(line);
        WriteString(customId);
        Count++;
    }

    /// <summary>Flushes and closes the file and opens it for reading from the start.</summary>
    public MergeRunCursor Reopen()
    {
        _writer.Dispose();
        return new MergeRunCursor(Path, Count);
    }

    public void Dispose() => _writer.Dispose();

    private void WriteString(string? value)
    {
        _writer.Write(value is not null);
        if (value is not null)
        {
            _writer.Write(value);
        }
    }

    private void WriteBytes(ReadOnlyMemory<byte> bytes)
    {
        _writer.Write(bytes.Length);
        _writer.Write(bytes.Span);
    }
}
