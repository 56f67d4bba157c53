using BatchInference.Storage.Blobs;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>The blob contract against the in-memory fake on a clock the test moves.</summary>
public sealed class InMemoryBlobStoreContractTests : BlobStoreContract
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryBlobStore _store;
    private int _containers;

    public InMemoryBlobStoreContractTests() => _store = new InMemoryBlobStore(_time);

    protected override IBlobStore Store => _store;

    protected override IBlobStore OtherClient => _store;

    protected override string NewContainerName() => $"c-{Interlocked.Increment(ref _containers)}";

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }
}
