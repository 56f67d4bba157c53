using BatchInference.Durable.Hosting;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Durable.Tests;

public sealed class TaskHubServiceTests
{
    [Fact]
    public void WithoutTrailingSlashOnTableEndpoint_TrimsOnlyTheTableEndpoint()
    {
        const string ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1/;TableEndpoint=http://127.0.0.1:3/devstoreaccount1/;";

        Assert.Equal(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1/;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;",
            TaskHubService.WithoutTrailingSlashOnTableEndpoint(ConnectionString));
        Assert.Equal("UseDevelopmentStorage=true", TaskHubService.WithoutTrailingSlashOnTableEndpoint("UseDevelopmentStorage=true"));
    }

    [Fact]
    public void Settings_RecoverySettings_ReachTheFramework()
    {
        var options = new DurableTaskHubOptions
        {
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(20),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(25),
            PartitionLeaseInterval = TimeSpan.FromSeconds(15),
            PartitionLeaseRenewInterval = TimeSpan.FromSeconds(5),
            PartitionLeaseAcquireInterval = TimeSpan.FromSeconds(2),
        };

        var settings = TaskHubService.Settings(
            StorageAccount.FromConnectionString("UseDevelopmentStorage=true"), options, "worker-1", NullLoggerFactory.Instance);

        Assert.Equal(
            (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)),
            (settings.WorkItemQueueVisibilityTimeout, settings.ControlQueueVisibilityTimeout, settings.LeaseInterval, settings.LeaseRenewInterval, settings.LeaseAcquireInterval));
        Assert.True(settings.UseTablePartitionManagement);
    }
}
