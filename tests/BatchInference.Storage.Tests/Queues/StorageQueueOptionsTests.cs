using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>Defaults and validation of the queue client settings.</summary>
public sealed class StorageQueueOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveTimeToLive_Throws(int seconds)
    {
        var options = new StorageQueueOptions { MessageTimeToLive = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(nameof(StorageQueueOptions.MessageTimeToLive), error.ParamName);
    }

    [Fact]
    public void Constructor_Defaults_NeverExpire()
    {
        var options = new StorageQueueOptions();

        options.Validate();
        Assert.Null(options.MessageTimeToLive);
    }
}
