using System.Text;
using BatchInference.Orchestrations.Checkpoints;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>Reads a <see cref="MergeRun"/> back one entry at a time; <see cref="Current"/> is the entry under the cursor.</summary>
internal sealed class MergeRunCursor : IDisposable
{
    private readonly BinaryReader _reader;
    private long _left;

    public MergeRunCursor(string path, long count)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, MergeRun.BufferBytes, FileOptions.SequentialScan);
        _reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: false);
        _left = count;
    }

    /// <summary>The entry read last; null before the first <see cref="MoveNext"/> and after the end.</summary>
    public MergeEntry? Current { get; private set; }

    /// <summary>Reads the next entry; false at the end of the run.</summary>
    public bool MoveNext()
    {
        if (_left == 0)
        {
            Current = null;
            return false;
        }

        _left--;
        var sequence = _reader.ReadInt64();
        var isRecord = _reader.ReadBoolean();
        var line = _reader.ReadInt64();
        var customId = ReadString();
        if (!isRecord)
        {
            Current = new MergeEntry(sequence, line, customId, null);
            return true;
        }

        var model = ReadString();
        var kind = (ResultKind)_reader.ReadByte();
        var attempts = _reader.ReadInt32();
        var output = ReadBytes();
        var ledger = new ReadOnlyMemory<byte>[_reader.ReadInt32()];
        for (var i = 0; i < ledger.Length; i++)
        {
            ledger[i] = ReadBytes();
        }

        Current = new MergeEntry(sequence, line, customId, new PartRecord(sequence, line, customId, model, kind, attempts, output, ledger));
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private string? ReadString() => _reader.ReadBoolean() ? _reader.ReadString() : null;

    private byte[] ReadBytes() => _reader.ReadBytes(_reader.ReadInt32());
}
