using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

public sealed class BlobStoreOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreFourMiBBlocks()
    {
        var options = new BlobStoreOptions();

        Assert.Equal(4 * 1024 * 1024, options.BlockSize);
        options.Validate();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(BlobStoreOptions.MaxBlockSize + 1)]
    public void Validate_BlockSizeOutOfRange_ThrowsNamingIt(int blockSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BlobStoreOptions { BlockSize = blockSize }.Validate());

        Assert.Equal(nameof(BlobStoreOptions.BlockSize), error.ParamName);
    }

    [Fact]
    public void AzureBlobStore_InvalidOptions_FailsAtConstruction() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            AzureBlobStore.FromConnectionString("UseDevelopmentStorage=true", new BlobStoreOptions { BlockSize = 0 }));
}
