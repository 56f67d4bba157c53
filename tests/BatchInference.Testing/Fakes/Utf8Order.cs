using System.Text;

namespace BatchInference.Testing.Fakes;

/// <summary>The order Azure lists blobs in: by the UTF-8 bytes of their names (ordinal UTF-16 order differs for
/// characters above U+FFFF against U+E000..U+FFFF).</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static Utf8Order Instance { get; } = new();

    public int Compare(string? x, string? y) =>
        x is null || y is null
            ? string.CompareOrdinal(x, y)
            : Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
}
