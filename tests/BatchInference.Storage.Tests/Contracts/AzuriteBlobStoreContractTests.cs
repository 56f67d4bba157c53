using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>The blob contract against Azurite through today's adapter, as production runs locally.</summary>
[Collection(AzuriteFixture.CollectionName)]
[ClockCannotMove("Azurite's lease clock is real time and a lease lasts at least 15 s, too long to wait for in a unit suite; lease expiry and break periods are covered on the fake only.")]
public sealed class AzuriteBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract
{
    private readonly AzureBlobStore _store = azurite.CreateBlobStore();
    private readonly AzureBlobStore _other = azurite.CreateBlobStore();

    protected override IBlobStore Store => _store;

    protected override IBlobStore OtherClient => _other;

    protected override bool IsAzurite => true;

    protected override string NewContainerName() => azurite.NewContainerName("c");

    protected override Task AdvanceAsync(TimeSpan by) => throw new NotSupportedException("Azurite's clock cannot be moved.");
}
