using BatchInference.Storage.Queues;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>The queue contract against the in-memory fake on a clock the test moves.</summary>
public sealed class InMemoryWorkQueueContractTests : WorkQueueContract
{
    private readonly FakeTimeProvider _time = new();

    protected override Task<IWorkQueue> NewQueueAsync(TimeSpan? messageTimeToLive = null) =>
        Task.FromResult<IWorkQueue>(new InMemoryWorkQueue(_time, messageTimeToLive));

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }
}
