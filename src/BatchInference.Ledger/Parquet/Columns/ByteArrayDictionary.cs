using System.Buffers;
using System.Buffers.Binary;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// The distinct values of one BYTE_ARRAY column chunk, in first-seen order, each with its id. Entries are kept
/// PLAIN-encoded back to back (4-byte length, then the bytes), which is exactly the dictionary page's body, and
/// found again through an open-addressing hash table over that buffer, so a lookup allocates nothing.
/// </summary>
internal sealed class ByteArrayDictionary
{
    private readonly ArrayBufferWriter<byte> _entries = new();
    private int[] _offsets = new int[64];
    private int[] _lengths = new int[64];
    private int[] _hashes = new int[64];

    // Entry id + 1 per slot; 0 marks an empty slot. Kept at most half full.
    private int[] _slots = new int[128];

    /// <summary>Distinct values so far.</summary>
    public int Count { get; private set; }

    /// <summary>Size of the PLAIN-encoded entries.</summary>
    public int ByteCount => _entries.WrittenCount;

    /// <summary>The PLAIN-encoded entries in id order: the dictionary page body.</summary>
    public ReadOnlyMemory<byte> Entries => _entries.WrittenMemory;

    /// <summary>
    /// The id of <paramref name="value"/>, adding it when new, unless adding it would make the entries exceed
    /// <paramref name="maxBytes"/>: then -1 and nothing changes.
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<byte> value, int maxBytes, out bool added)
    {
        var hash = Hash(value);
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] != 0)
        {
            var id = _slots[slot] - 1;
            if (_hashes[id] == hash && value.SequenceEqual(_entries.WrittenSpan.Slice(_offsets[id], _lengths[id])))
            {
                added = false;
                return id;
            }

            slot = (slot + 1) & mask;
        }

        added = false;
        if ((long)_entries.WrittenCount + sizeof(int) + value.Length > maxBytes)
        {
            return -1;
        }

        var newId = Count;
        if (newId == _offsets.Length)
        {
            var size = newId * 2;
            Array.Resize(ref _offsets, size);
            Array.Resize(ref _lengths, size);
            Array.Resize(ref _hashes, size);
        }

        var span = _entries.GetSpan(sizeof(int) + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[sizeof(int)..]);
        _offsets[newId] = _entries.WrittenCount + sizeof(int);
        _lengths[newId] = value.Length;
        _hashes[newId] = hash;
        _entries.Advance(sizeof(int) + value.Length);
        _slots[slot] = newId + 1;
        Count = newId + 1;
        if (Count * 2 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }

        added = true;
        return newId;
    }

    /// <summary>Forgets every entry, keeping the buffers.</summary>
    public void Clear()
    {
        _entries.ResetWrittenCount();
        Array.Clear(_slots);
        Count = 0;
    }

    private static int Hash(ReadOnlySpan<byte> value)
    {
        var hash = default(HashCode);
        hash.AddBytes(value);

        // The low bits pick the slot; fold the high bits in so they count too.
        var h = hash.ToHashCode();
        return h ^ (h >>> 16);
    }

    private void Rehash(int size)
    {
        _slots = new int[size];
        var mask = size - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = _hashes[id] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = id + 1;
        }
    }
}
