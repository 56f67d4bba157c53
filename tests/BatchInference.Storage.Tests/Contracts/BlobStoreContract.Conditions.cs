using Azure;
using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Conditional writes: lost races are outcomes with the service's error code, and nothing is written.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task Upload_IfNotExistsOnAnExistingBlob_IsBlobAlreadyExistsAndKeepsTheFirst()
    {
        var container = await NewContainerAsync();

        var first = await Store.UploadAsync(container, "once.json", BinaryData.FromString("first"), Under(BlobConditions.IfNotExists));
        var second = await Store.UploadAsync(container, "once.json", BinaryData.FromString("second"), Under(BlobConditions.IfNotExists));

        Assert.True(first.Succeeded);
        Assert.True(second.PreconditionFailed);
        Assert.Null(second.ETag);
        Assert.Null(second.LastModified);
        // Azure answers 409 BlobAlreadyExists to If-None-Match: * on an existing blob, not 412.
        Assert.Equal(BlobErrorCodes.BlobAlreadyExists, second.ErrorCode);
        Assert.Equal("first", await ReadTextAsync(container, "once.json"));
    }

    [Fact]
    public async Task Upload_StagedIfNotExistsOnAnExistingBlob_FailsAtCommitAndKeepsTheOriginal()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "staged.bin", BinaryData.FromString("original"));

        var result = await Store.UploadAsync(
            container, "staged.bin", new Blobs.GeneratedStream(1_000), new BlobUploadOptions { BlockSize = 256, Conditions = BlobConditions.IfNotExists });

        Assert.True(result.PreconditionFailed);
        Assert.Equal("original", await ReadTextAsync(container, "staged.bin"));
    }

    [Fact]
    public async Task Upload_IfMatch_WritesOnTheCurrentETagOnlyAndReportsConditionNotMet()
    {
        var container = await NewContainerAsync();
        var v1 = await Store.UploadAsync(container, "state.json", BinaryData.FromString("v1"));
        var v2 = await Store.UploadAsync(container, "state.json", BinaryData.FromString("v2"), Under(BlobConditions.IfUnchanged(v1.ETag!.Value)));

        var stale = await Store.UploadAsync(container, "state.json", BinaryData.FromString("stale"), Under(BlobConditions.IfUnchanged(v1.ETag!.Value)));

        Assert.True(v2.Succeeded);
        Assert.True(stale.PreconditionFailed);
        Assert.Equal(BlobErrorCodes.ConditionNotMet, stale.ErrorCode);
        Assert.Equal("v2", await ReadTextAsync(container, "state.json"));
        Assert.Equal(v2.ETag, (await Store.GetPropertiesAsync(container, "state.json"))!.ETag);
    }

    [Fact]
    public async Task Upload_IfMatchOnAMissingBlob_IsPreconditionFailedAndCreatesNothing()
    {
        var container = await NewContainerAsync();

        var result = await Store.UploadAsync(container, "never.txt", BinaryData.FromString("x"), Under(BlobConditions.IfUnchanged(new ETag("\"0x8D000000000000\""))));

        Assert.True(result.PreconditionFailed);
        Assert.Null(await Store.GetPropertiesAsync(container, "never.txt"));
    }

    [Fact]
    public async Task Upload_IfNoneMatchAGivenETag_WritesOnlyWhenTheBlobHasMovedOn()
    {
        var container = await NewContainerAsync();
        var v1 = await Store.UploadAsync(container, "n.txt", BinaryData.FromString("v1"));

        var unchanged = await Store.UploadAsync(container, "n.txt", BinaryData.FromString("x"), Under(new BlobConditions(IfNoneMatch: v1.ETag)));
        await Store.UploadAsync(container, "n.txt", BinaryData.FromString("v2"));
        var changed = await Store.UploadAsync(container, "n.txt", BinaryData.FromString("v3"), Under(new BlobConditions(IfNoneMatch: v1.ETag)));

        Assert.True(unchanged.PreconditionFailed);
        Assert.Equal(BlobErrorCodes.ConditionNotMet, unchanged.ErrorCode);
        Assert.True(changed.Succeeded);
        Assert.Equal("v3", await ReadTextAsync(container, "n.txt"));
    }

    [Fact]
    public async Task Upload_TwoWritersOnTheSameETag_ExactlyOneWins()
    {
        var container = await NewContainerAsync();
        var v0 = await Store.UploadAsync(container, "race.json", BinaryData.FromString("v0"));

        var results = await Task.WhenAll(
            Task.Run(() => Store.UploadAsync(container, "race.json", BinaryData.FromString("A"), Under(BlobConditions.IfUnchanged(v0.ETag!.Value)))),
            Task.Run(() => OtherClient.UploadAsync(container, "race.json", BinaryData.FromString("B"), Under(BlobConditions.IfUnchanged(v0.ETag!.Value)))));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => r.PreconditionFailed);
        var winner = results[0].Succeeded ? "A" : "B";
        Assert.Equal(winner, await ReadTextAsync(container, "race.json"));
    }

    [Fact]
    public async Task Upload_ManyCreateOnceWritersAtOnce_ExactlyOneCreates()
    {
        var container = await NewContainerAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Store : OtherClient).UploadAsync(container, "claim.json", BinaryData.FromString($"w{i}"), Under(BlobConditions.IfNotExists)))));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(BlobErrorCodes.BlobAlreadyExists, r.ErrorCode));
        Assert.Equal(winner.ETag, (await Store.GetPropertiesAsync(container, "claim.json"))!.ETag);
    }

    [Fact]
    public async Task SetMetadata_StaleETag_IsConditionNotMetAndChangesNothing()
    {
        var container = await NewContainerAsync();
        var v1 = await Store.UploadAsync(container, "m.txt", BinaryData.FromString("1"));
        var v2 = await Store.UploadAsync(container, "m.txt", BinaryData.FromString("2"));

        var stale = await Store.SetMetadataAsync(container, "m.txt", new Dictionary<string, string> { ["a"] = "1" }, BlobConditions.IfUnchanged(v1.ETag!.Value));
        var current = await Store.SetMetadataAsync(container, "m.txt", new Dictionary<string, string> { ["b"] = "2" }, BlobConditions.IfUnchanged(v2.ETag!.Value));

        Assert.True(stale.PreconditionFailed);
        Assert.Equal(BlobErrorCodes.ConditionNotMet, stale.ErrorCode);
        Assert.True(current.Succeeded);
        Assert.Equal("2", Assert.Single((await Store.GetPropertiesAsync(container, "m.txt"))!.Metadata).Value);
    }

    [Fact]
    public async Task Delete_ExistsThenGone_IsDeletedThenNotFound()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "d.txt", BinaryData.FromString("x"));

        Assert.Equal(BlobDeleteOutcome.Deleted, await Store.DeleteIfExistsAsync(container, "d.txt"));
        Assert.Equal(BlobDeleteOutcome.NotFound, await Store.DeleteIfExistsAsync(container, "d.txt"));
        Assert.Null(await Store.GetPropertiesAsync(container, "d.txt"));
    }

    [Fact]
    public async Task Delete_StaleETag_IsPreconditionFailedAndTheBlobStays()
    {
        var container = await NewContainerAsync();
        var v1 = await Store.UploadAsync(container, "d.txt", BinaryData.FromString("1"));
        var v2 = await Store.UploadAsync(container, "d.txt", BinaryData.FromString("2"));

        Assert.Equal(BlobDeleteOutcome.PreconditionFailed, await Store.DeleteIfExistsAsync(container, "d.txt", BlobConditions.IfUnchanged(v1.ETag!.Value)));
        Assert.Equal("2", await ReadTextAsync(container, "d.txt"));
        Assert.Equal(BlobDeleteOutcome.Deleted, await Store.DeleteIfExistsAsync(container, "d.txt", BlobConditions.IfUnchanged(v2.ETag!.Value)));
    }
}
