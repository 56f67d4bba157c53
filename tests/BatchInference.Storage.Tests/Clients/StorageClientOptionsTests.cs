using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BatchInference.Storage.Clients;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Clients;

/// <summary>The one options factory: the pinned service version against the Azurite in node_modules, and the retries.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class StorageClientOptionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ForBlobs_PinnedVersion_IsAcceptedByAzuriteWhereTheSdkDefaultIsRefused()
    {
        var pinned = new BlobServiceClient(azurite.ConnectionString, StorageClientOptions.ForBlobs(r => r.MaxRetries = 0));
        var sdkDefault = new BlobServiceClient(azurite.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });

        var created = await pinned.GetBlobContainerClient(azurite.NewContainerName()).CreateAsync();
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => sdkDefault.GetBlobContainerClient(azurite.NewContainerName()).CreateAsync());

        Assert.Equal(201, created.GetRawResponse().Status);
        Assert.Equal(400, refused.Status);
        Assert.Contains("API version", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForQueues_PinnedVersion_IsAcceptedByAzuriteWhereTheSdkDefaultIsRefused()
    {
        var pinned = new QueueServiceClient(azurite.ConnectionString, StorageClientOptions.ForQueues(r => r.MaxRetries = 0));
        var sdkDefault = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { Retry = { MaxRetries = 0 } });

        var created = await pinned.GetQueueClient(azurite.NewContainerName("q")).CreateAsync();
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => sdkDefault.GetQueueClient(azurite.NewContainerName("q")).CreateAsync());

        Assert.Equal(201, created.Status);
        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public void ForBlobsAndQueues_Defaults_AreTheProjectsOneRetryLayer()
    {
        foreach (var retry in new[] { StorageClientOptions.ForBlobs().Retry, StorageClientOptions.ForQueues().Retry })
        {
            Assert.Equal(RetryMode.Exponential, retry.Mode);
            Assert.Equal(5, retry.MaxRetries);
            Assert.Equal(TimeSpan.FromMilliseconds(500), retry.Delay);
            Assert.Equal(TimeSpan.FromSeconds(30), retry.MaxDelay);
        }

        Assert.Equal(QueueMessageEncoding.None, StorageClientOptions.ForQueues().MessageEncoding);
    }

    [Fact]
    public void FailFast_TurnsRetriesOffAndBoundsTheAttempt()
    {
        var options = StorageClientOptions.ForBlobs(StorageClientOptions.FailFast(TimeSpan.FromSeconds(3)));

        Assert.Equal(0, options.Retry.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Retry.NetworkTimeout);
    }
}
