using Azure.Core;

namespace BatchInference.Storage.Blobs;

/// <summary>
/// Settings for <see cref="AzureBlobStore"/>. Inherits Azure.Core's <see cref="ClientOptions.Retry"/> (exponential
/// back-off that honours Retry-After; retries 408, 429, 500, 502, 503, 504 and network errors), transport and
/// diagnostics. The Azure.Core retry policy is the only retry layer.
/// </summary>
public sealed class BlobStoreOptions : ClientOptions
{
    /// <summary>The largest block size Put Block accepts that we allow (keeps the staging buffer sane).</summary>
    public const int MaxBlockSize = 256 * 1024 * 1024;

    /// <summary>Creates options with the defaults: 4 MiB blocks, 5 retries from 0.5 s up to 30 s.</summary>
    public BlobStoreOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 5;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
    }

    /// <summary>
    /// Block size for staged uploads, and the largest upload sent as one Put Blob: a stream that ends within the
    /// first block goes up in one request, a longer one is staged block by block (one block buffered at a time).
    /// Default 4 MiB; 1 byte to <see cref="MaxBlockSize"/>.
    /// </summary>
    public int BlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Clock for request dates (Shared Key signing). Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (BlockSize is < 1 or > MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, $"BlockSize must be between 1 and {MaxBlockSize} bytes.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (Retry.MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Retry), Retry.MaxRetries, "Retry.MaxRetries must not be negative.");
        }

        if (Retry.Delay < TimeSpan.Zero || Retry.MaxDelay < Retry.Delay)
        {
            throw new ArgumentOutOfRangeException(nameof(Retry), "Retry.Delay must be non-negative and not above Retry.MaxDelay.");
        }
    }
}
