using Azure;
using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

/// <summary>Conditional writes: create-once, optimistic concurrency, conditional delete.</summary>
public sealed partial class AzureBlobStoreTests
{
    [Fact]
    public async Task UploadAsync_IfNotExistsTwice_SecondIsPreconditionFailedAndContentKept()
    {
        var container = await azurite.CreateContainerAsync(_store);
        var createOnce = new BlobUploadOptions { Conditions = BlobConditions.IfNotExists };

        var first = await _store.UploadAsync(container, "work/j/job.json", BinaryData.FromString("first"), createOnce);
        var second = await _store.UploadAsync(container, "work/j/job.json", BinaryData.FromString("second"), createOnce);

        Assert.True(first.Succeeded);
        Assert.True(second.PreconditionFailed);
        Assert.Null(second.ETag);
        Assert.Contains(second.ErrorCode, new[] { BlobErrorCodes.BlobAlreadyExists, BlobErrorCodes.ConditionNotMet });
        Assert.Equal("first", (await _store.TryDownloadContentAsync(container, "work/j/job.json"))!.Content.ToString());
    }

    [Fact]
    public async Task UploadAsync_IfNotExistsOnExistingBlob_SdksConflict409IsALostRaceNotAnException()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "once.json", BinaryData.FromString("first"));

        // The service answers If-None-Match: * on an existing blob with 409 BlobAlreadyExists, not 412.
        var result = await _store.UploadAsync(container, "once.json", BinaryData.FromString("second"), new BlobUploadOptions { Conditions = BlobConditions.IfNotExists });

        Assert.Equal(BlobWriteOutcome.PreconditionFailed, result.Outcome);
        Assert.Equal(BlobErrorCodes.BlobAlreadyExists, result.ErrorCode);
    }

    [Fact]
    public async Task UploadAsync_StagedIfNotExistsOnExistingBlob_IsPreconditionFailedAtCommit()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "staged.bin", BinaryData.FromString("original"));

        var result = await _store.UploadAsync(
            container, "staged.bin", new GeneratedStream(1_000), new BlobUploadOptions { BlockSize = 256, Conditions = BlobConditions.IfNotExists });

        Assert.True(result.PreconditionFailed);
        Assert.Equal("original", (await _store.TryDownloadContentAsync(container, "staged.bin"))!.Content.ToString());
    }

    [Fact]
    public async Task UploadAsync_TwoWritersRaceOnSameETag_ExactlyOneWinsAndLoserSucceedsAfterReRead()
    {
        var container = await azurite.CreateContainerAsync(_store);
        const string Blob = "work/j/state.json";
        await _store.UploadAsync(container, Blob, BinaryData.FromString("v0"));
        var otherWriter = azurite.CreateBlobStore();
        var seenByA = (await _store.GetPropertiesAsync(container, Blob))!.ETag;
        var seenByB = (await otherWriter.GetPropertiesAsync(container, Blob))!.ETag;
        Assert.Equal(seenByA, seenByB);

        var results = await Task.WhenAll(
            _store.UploadAsync(container, Blob, BinaryData.FromString("A"), new BlobUploadOptions { Conditions = BlobConditions.IfUnchanged(seenByA) }),
            otherWriter.UploadAsync(container, Blob, BinaryData.FromString("B"), new BlobUploadOptions { Conditions = BlobConditions.IfUnchanged(seenByB) }));

        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.Equal(1, results.Count(r => r.PreconditionFailed));
        var (loser, loserText, winnerText) = results[0].Succeeded ? (otherWriter, "B", "A") : (_store, "A", "B");
        var reread = await loser.TryDownloadContentAsync(container, Blob);
        Assert.Equal(winnerText, reread!.Content.ToString());
        var retry = await loser.UploadAsync(
            container, Blob, BinaryData.FromString(loserText), new BlobUploadOptions { Conditions = BlobConditions.IfUnchanged(reread.Properties.ETag) });
        Assert.True(retry.Succeeded);
        Assert.Equal(loserText, (await _store.TryDownloadContentAsync(container, Blob))!.Content.ToString());
    }

    [Fact]
    public async Task SetMetadataAsync_StaleETag_IsPreconditionFailedAndMetadataUnchanged()
    {
        var container = await azurite.CreateContainerAsync(_store);
        var v1 = await _store.UploadAsync(container, "m.txt", BinaryData.FromString("1"));
        await _store.UploadAsync(container, "m.txt", BinaryData.FromString("2"));

        var result = await _store.SetMetadataAsync(
            container, "m.txt", new Dictionary<string, string> { ["a"] = "1" }, BlobConditions.IfUnchanged(v1.ETag!.Value));

        Assert.True(result.PreconditionFailed);
        Assert.Equal(BlobErrorCodes.ConditionNotMet, result.ErrorCode);
        Assert.Empty((await _store.GetPropertiesAsync(container, "m.txt"))!.Metadata);
    }

    [Fact]
    public async Task DeleteIfExistsAsync_StaleETag_IsPreconditionFailedAndBlobKept()
    {
        var container = await azurite.CreateContainerAsync(_store);
        var v1 = await _store.UploadAsync(container, "d.txt", BinaryData.FromString("1"));
        var v2 = await _store.UploadAsync(container, "d.txt", BinaryData.FromString("2"));

        Assert.Equal(BlobDeleteOutcome.PreconditionFailed, await _store.DeleteIfExistsAsync(container, "d.txt", BlobConditions.IfUnchanged(v1.ETag!.Value)));
        Assert.NotNull(await _store.GetPropertiesAsync(container, "d.txt"));
        Assert.Equal(BlobDeleteOutcome.Deleted, await _store.DeleteIfExistsAsync(container, "d.txt", BlobConditions.IfUnchanged(v2.ETag!.Value)));
    }

    [Fact]
    public async Task UploadAsync_IfMatchOnMissingBlob_IsNotASuccess()
    {
        var container = await azurite.CreateContainerAsync(_store);

        var result = await _store.UploadAsync(
            container, "never.txt", BinaryData.FromString("x"), new BlobUploadOptions { Conditions = BlobConditions.IfUnchanged(new ETag("\"0x8D000000000000\"")) });

        Assert.True(result.PreconditionFailed);
        Assert.Null(await _store.GetPropertiesAsync(container, "never.txt"));
    }
}
