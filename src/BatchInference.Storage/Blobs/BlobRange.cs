namespace BatchInference.Storage.Blobs;

/// <summary>A byte range of a blob.</summary>
/// <param name="Offset">The first byte (0-based).</param>
/// <param name="Length">How many bytes; null means to the end of the blob.</param>
public readonly record struct BlobRange(long Offset, long? Length = null)
{
    internal string ToHeaderValue()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        if (Length is { } length)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length, nameof(Length));
            return FormattableString.Invariant($"bytes={Offset}-{Offset + length - 1}");
        }

        return FormattableString.Invariant($"bytes={Offset}-");
    }
}
