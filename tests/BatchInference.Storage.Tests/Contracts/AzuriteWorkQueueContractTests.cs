using BatchInference.Storage.Queues;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>The queue contract against Azurite through the SDK adapter, as production runs locally.</summary>
[Collection(AzuriteFixture.CollectionName)]
[ClockCannotMove("Azurite's queue clock is real time; StorageQueueClientTests covers lapse, renewal and delays on Azurite with 1-2 s waits.")]
public sealed class AzuriteWorkQueueContractTests(AzuriteFixture azurite) : WorkQueueContract
{
    protected override async Task<IWorkQueue> NewQueueAsync(TimeSpan? messageTimeToLive = null)
    {
        var queue = azurite.CreateQueueClient(azurite.NewContainerName("q"), new StorageQueueOptions { MessageTimeToLive = messageTimeToLive });
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    protected override Task AdvanceAsync(TimeSpan by) => throw new NotSupportedException("Azurite's clock cannot be moved.");
}
