using Azure.Core;
using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

public sealed class BlobStoreOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreExponentialRetriesAndFourMiBBlocks()
    {
        var options = new BlobStoreOptions();

        Assert.Equal(RetryMode.Exponential, options.Retry.Mode);
        Assert.Equal(5, options.Retry.MaxRetries);
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
    public void Validate_DelayAboveMaxDelay_Throws()
    {
        var options = new BlobStoreOptions();
        options.Retry.Delay = TimeSpan.FromMinutes(2);
        options.Retry.MaxDelay = TimeSpan.FromMinutes(1);

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Fact]
    public void AzureBlobStore_InvalidOptions_FailsAtConstruction() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            AzureBlobStore.FromConnectionString("UseDevelopmentStorage=true", new BlobStoreOptions { BlockSize = 0 }));
}
