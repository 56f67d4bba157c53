using BatchInference.Storage.ServiceBus;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed class ServiceBusQueueOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var options = new ServiceBusQueueOptions();

        options.Validate();

        Assert.Equal(TimeSpan.Zero, options.ReceiveWaitTime);
        Assert.Equal(TimeSpan.FromMinutes(1), options.QueueLockDuration);
    }

    [Theory]
    [InlineData(nameof(ServiceBusQueueOptions.QueueLockDuration))]
    [InlineData(nameof(ServiceBusQueueOptions.ReceiveWaitTime))]
    [InlineData(nameof(ServiceBusQueueOptions.MessageTimeToLive))]
    [InlineData(nameof(ServiceBusQueueOptions.SasTokenLifetime))]
    public void Validate_OutOfRange_ThrowsNamingTheSetting(string setting)
    {
        var options = new ServiceBusQueueOptions();
        switch (setting)
        {
            case nameof(ServiceBusQueueOptions.QueueLockDuration): options.QueueLockDuration = TimeSpan.Zero; break;
            case nameof(ServiceBusQueueOptions.ReceiveWaitTime): options.ReceiveWaitTime = TimeSpan.FromMinutes(2); break;
            case nameof(ServiceBusQueueOptions.MessageTimeToLive): options.MessageTimeToLive = TimeSpan.FromSeconds(-1); break;
            default: options.SasTokenLifetime = TimeSpan.FromSeconds(5); break;
        }

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
    }
}
