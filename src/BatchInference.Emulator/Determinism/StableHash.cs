using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Emulator.Determinism;

/// <summary>
/// Hashes that never change between runs, processes or .NET versions (unlike <see cref="string.GetHashCode()"/>),
/// so the same request always gets the same answer.
/// </summary>
internal static class StableHash
{
    public static byte[] Of(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public static byte[] Of(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>Hash of a previous hash and a number: derives independent values (choice 2, vector of input 7…).</summary>
    public static byte[] Of(ReadOnlySpan<byte> hash, int salt)
    {
        Span<byte> buffer = stackalloc byte[hash.Length + sizeof(int)];
        hash.CopyTo(buffer);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[hash.Length..], salt);
        return SHA256.HashData(buffer);
    }

    public static string Hex(ReadOnlySpan<byte> hash, int length) =>
        Convert.ToHexStringLower(hash)[..length];

    public static ulong ToUInt64(ReadOnlySpan<byte> hash) => BinaryPrimitives.ReadUInt64LittleEndian(hash);
}
