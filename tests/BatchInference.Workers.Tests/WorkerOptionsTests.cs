using Microsoft.Extensions.Configuration;

namespace BatchInference.Workers.Tests;

public sealed class WorkerOptionsTests
{
    [Fact]
    public void Defaults_AreValidAndAsDocumented()
    {
        var options = new WorkerOptions();

        options.Validate();

        Assert.Equal(8, options.MaxConcurrentMessages);
        Assert.Equal(TimeSpan.FromSeconds(60), options.LockDuration);
        Assert.Equal(5, options.MaxDeliveryCount);
        Assert.Equal(TimeSpan.FromSeconds(1), options.IdlePollInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.StopTimeout);
    }

    [Theory]
    [InlineData(nameof(WorkerOptions.MaxConcurrentMessages))]
    [InlineData(nameof(WorkerOptions.LockDuration))]
    [InlineData(nameof(WorkerOptions.MaxDeliveryCount))]
    [InlineData(nameof(WorkerOptions.IdlePollInterval))]
    [InlineData(nameof(WorkerOptions.RetryBaseDelay))]
    [InlineData(nameof(WorkerOptions.RetryMaxDelay))]
    [InlineData(nameof(WorkerOptions.StopTimeout))]
    public void Validate_InvalidSetting_ThrowsNamingIt(string setting)
    {
        var options = new WorkerOptions();
        Break(options, setting);

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains("Worker:" + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LockDurationUnderOneSecond_Throws()
    {
        var options = new WorkerOptions { LockDuration = TimeSpan.FromMilliseconds(999) };

        Assert.Equal(nameof(WorkerOptions.LockDuration), Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }

    [Fact]
    public void Validate_RetryMaxDelayBelowBase_Throws()
    {
        var options = new WorkerOptions { RetryBaseDelay = TimeSpan.FromSeconds(10), RetryMaxDelay = TimeSpan.FromSeconds(5) };

        Assert.Equal(nameof(WorkerOptions.RetryMaxDelay), Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }

    [Fact]
    public void Bind_WorkerSection_ReadsEverySetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Worker:MaxConcurrentMessages"] = "3",
                ["Worker:LockDuration"] = "00:00:30",
                ["Worker:MaxDeliveryCount"] = "7",
                ["Worker:IdlePollInterval"] = "00:00:00.500",
                ["Worker:RetryBaseDelay"] = "00:00:01",
                ["Worker:RetryMaxDelay"] = "00:05:00",
                ["Worker:StopTimeout"] = "00:00:10",
            })
            .Build();
        var options = new WorkerOptions();

        configuration.GetSection(WorkerOptions.SectionName).Bind(options);
        options.Validate();

        Assert.Equal(3, options.MaxConcurrentMessages);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LockDuration);
        Assert.Equal(7, options.MaxDeliveryCount);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.IdlePollInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.StopTimeout);
    }

    [Fact]
    public void Snapshot_LaterChangesToTheOriginal_DoNotReachTheCopy()
    {
        var options = new WorkerOptions { MaxConcurrentMessages = 2 };

        var copy = options.Snapshot();
        options.MaxConcurrentMessages = 0;

        Assert.Equal(2, copy.MaxConcurrentMessages);
    }

    private static void Break(WorkerOptions options, string setting)
    {
        switch (setting)
        {
            case nameof(WorkerOptions.MaxConcurrentMessages): options.MaxConcurrentMessages = 0; break;
            case nameof(WorkerOptions.LockDuration): options.LockDuration = TimeSpan.FromDays(8); break;
            case nameof(WorkerOptions.MaxDeliveryCount): options.MaxDeliveryCount = 0; break;
            case nameof(WorkerOptions.IdlePollInterval): options.IdlePollInterval = TimeSpan.Zero; break;
            case nameof(WorkerOptions.RetryBaseDelay): options.RetryBaseDelay = TimeSpan.FromSeconds(-1); break;
            case nameof(WorkerOptions.RetryMaxDelay): options.RetryMaxDelay = TimeSpan.FromDays(8); break;
            case nameof(WorkerOptions.StopTimeout): options.StopTimeout = TimeSpan.FromSeconds(-1); break;
            default: throw new ArgumentException(setting, nameof(setting));
        }
    }
}
