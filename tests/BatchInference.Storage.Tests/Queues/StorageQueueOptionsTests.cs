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
    public void Constructor_Defaults_NeverExpireAndRetryFiveTimes()
    {
        var options = new StorageQueueOptions();

        options.Validate();
        Assert.Null(options.MessageTimeToLive);
        Assert.Equal(5, options.Retry.MaxRetries);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Contains("visibilitytimeout", options.Diagnostics.LoggedQueryParameters);
        Assert.DoesNotContain("popreceipt", options.Diagnostics.LoggedQueryParameters);
    }

    [Fact]
    public void Validate_RetryDelayAboveMaxDelay_Throws()
    {
        var options = new StorageQueueOptions();
        options.Retry.Delay = TimeSpan.FromMinutes(2);

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }
}
