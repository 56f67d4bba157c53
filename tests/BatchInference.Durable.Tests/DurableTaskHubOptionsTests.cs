using BatchInference.Durable.Hosting;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Durable.Tests;

public sealed class DurableTaskHubOptionsTests
{
    [Fact]
    public void Read_NoSection_GivesTheDocumentedDefaults()
    {
        var options = DurableTaskHubOptions.Read(Configuration());

        Assert.Equal("bijobs", options.TaskHubName);
        Assert.Equal(4, options.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.WorkItemVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ControlQueueVisibilityTimeout);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)),
            (options.PartitionLeaseInterval, options.PartitionLeaseRenewInterval, options.PartitionLeaseAcquireInterval));
    }

    [Fact]
    public void Read_Section_OverridesEverySetting()
    {
        var options = DurableTaskHubOptions.Read(Configuration(
            ("Durable:TaskHubName", "nightly2"),
            ("Durable:PartitionCount", "8"),
            ("Durable:MaxConcurrentActivities", "5"),
            ("Durable:MaxConcurrentOrchestrations", "3"),
            ("Durable:MaxQueuePollingInterval", "00:00:00.250"),
            ("Durable:WorkItemVisibilityTimeout", "00:01:00"),
            ("Durable:ControlQueueVisibilityTimeout", "00:00:45"),
            ("Durable:PartitionLeaseInterval", "00:00:15"),
            ("Durable:PartitionLeaseRenewInterval", "00:00:05"),
            ("Durable:PartitionLeaseAcquireInterval", "00:00:02")));

        Assert.Equal(("nightly2", 8, 5, 3), (options.TaskHubName, options.PartitionCount, options.MaxConcurrentActivities, options.MaxConcurrentOrchestrations));
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.WorkItemVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), options.ControlQueueVisibilityTimeout);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)),
            (options.PartitionLeaseInterval, options.PartitionLeaseRenewInterval, options.PartitionLeaseAcquireInterval));
    }

    [Theory]
    [InlineData("bi-jobs")]
    [InlineData("bi_jobs")]
    [InlineData("1jobs")]
    [InlineData("ab")]
    [InlineData("a234567890123456789012345678901234567890123456")]
    public void Read_TaskHubNameBreakingTheStorageRules_NamesTheSettingAndTheRule(string name)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DurableTaskHubOptions.Read(Configuration(("Durable:TaskHubName", name))));

        Assert.Contains("Durable__TaskHubName", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 to 45 letters and digits, starting with a letter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Durable:PartitionCount", "17")]
    [InlineData("Durable:PartitionCount", "four")]
    [InlineData("Durable:MaxConcurrentActivities", "0")]
    [InlineData("Durable:MaxQueuePollingInterval", "00:00:00")]
    [InlineData("Durable:WorkItemVisibilityTimeout", "00:00:05")]
    [InlineData("Durable:ControlQueueVisibilityTimeout", "soon")]
    [InlineData("Durable:PartitionLeaseInterval", "00:00:10")]
    [InlineData("Durable:PartitionLeaseRenewInterval", "00:00:00")]
    [InlineData("Durable:PartitionLeaseAcquireInterval", "-00:00:01")]
    public void Read_InvalidSetting_NamesIt(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DurableTaskHubOptions.Read(Configuration((key, value))));

        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
