using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace BatchInference.Jobs.Intake;

/// <summary>
/// Remembers which <c>custom_id</c>s a job has used, in bounded memory per id: each id is stored as the first 128 bits
/// of the SHA-256 of its UTF-16 code units (about 30 bytes per id including the set's overhead, however long the id).
/// A false duplicate would need a SHA-256 prefix collision, which is not a practical concern.
/// </summary>
internal sealed class CustomIdSet
{
    private readonly HashSet<UInt128> _seen = [];

    public int Count => _seen.Count;

    /// <summary>Adds the id; <see langword="false"/> when it was already present.</summary>
    public bool Add(string customId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(customId.AsSpan()), hash);
        return _seen.Add(MemoryMarshal.Read<UInt128>(hash));
    }
}
