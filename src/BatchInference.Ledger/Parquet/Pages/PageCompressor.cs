using System.Buffers;
using System.IO.Compression;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet.Pages;

/// <summary>Compresses whole page bodies with the file's codec.</summary>
internal sealed class PageCompressor(ParquetCompression compression)
{
    private readonly MemoryStream _gzipBuffer = new();

    public CompressionCodec Codec { get; } = compression switch
    {
        ParquetCompression.Uncompressed => CompressionCodec.Uncompressed,
        ParquetCompression.Snappy => CompressionCodec.Snappy,
        ParquetCompression.Gzip => CompressionCodec.Gzip,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown compression codec."),
    };

    /// <summary>Returns the compressed bytes; valid until the next call. Uncompressed returns the input.</summary>
    public ReadOnlyMemory<byte> Compress(ReadOnlyMemory<byte> body)
    {
        switch (Codec)
        {
            case CompressionCodec.Snappy:
                return IronSnappy.Snappy.Encode(body.Span);
            case CompressionCodec.Gzip:
                _gzipBuffer.SetLength(0);
                using (var gzip = new GZipStream(_gzipBuffer, CompressionLevel.Optimal, leaveOpen: true))
                {
                    gzip.Write(body.Span);
                }

                return _gzipBuffer.GetBuffer().AsMemory(0, (int)_gzipBuffer.Length);
            default:
                return body;
        }
    }

    /// <summary>Appends <paramref name="body"/> compressed to <paramref name="output"/>; returns the bytes appended.</summary>
    public int CompressTo(ReadOnlyMemory<byte> body, IBufferWriter<byte> output)
    {
        var compressed = Compress(body);
        output.Write(compressed.Span);
        return compressed.Length;
    }
}
