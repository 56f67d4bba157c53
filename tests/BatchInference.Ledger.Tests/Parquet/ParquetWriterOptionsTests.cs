using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Tests.Parquet;

public sealed class ParquetWriterOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var options = new ParquetWriterOptions();

        options.Validate();
        Assert.Equal(ParquetCompression.Snappy, options.Compression);
    }

    [Theory]
    [InlineData(0, 1L, 1)]
    [InlineData(1, 0L, 1)]
    [InlineData(1, 1L, 0)]
    [InlineData(1, 1L, 300 * 1024 * 1024)]
    public void Validate_NonPositiveOrHugeSize_Throws(int maxRows, long maxBytes, int pageBytes)
    {
        var options = new ParquetWriterOptions { RowGroupMaxRows = maxRows, RowGroupMaxBytes = maxBytes, DataPageMaxBytes = pageBytes };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Fact]
    public void Validate_UnknownCompression_Throws()
    {
        var options = new ParquetWriterOptions { Compression = (ParquetCompression)42 };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Fact]
    public void Validate_EmptyMetadataKey_Throws()
    {
        var options = new ParquetWriterOptions();
        options.KeyValueMetadata[string.Empty] = "x";

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300 * 1024 * 1024)]
    public void Validate_DictionaryPageMaxBytesOutOfRange_Throws(int bytes)
    {
        var options = new ParquetWriterOptions { DictionaryPageMaxBytes = bytes };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(nameof(ParquetWriterOptions.DictionaryPageMaxBytes), ex.ParamName);
    }
}
