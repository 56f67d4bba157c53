using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

/// <summary>Metadata and delete.</summary>
public sealed partial class AzureBlobStoreTests
{
    [Fact]
    public async Task SetMetadataAsync_ThenGetProperties_RoundTripsNamesAndValues()
    {
        var container = await azurite.CreateContainerAsync(_store);
        var written = await _store.UploadAsync(
            container, "m.txt", BinaryData.FromString("x"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["first"] = "1" } });

        var updated = await _store.SetMetadataAsync(
            container, "m.txt", new Dictionary<string, string> { ["JobId"] = "job-42", ["team_name"] = "data eng" });

        Assert.True(updated.Succeeded);
        Assert.NotEqual(written.ETag, updated.ETag);
        var properties = await _store.GetPropertiesAsync(container, "m.txt");
        Assert.NotNull(properties);
        Assert.Equal(2, properties.Metadata.Count);
        Assert.Equal("job-42", properties.Metadata["jobid"]);
        Assert.Equal("data eng", properties.Metadata["team_name"]);
        Assert.Equal(updated.ETag, properties.ETag);
    }

    [Fact]
    public async Task UploadAsync_WithMetadata_ListsItWhenAsked()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(
            container, "meta.txt", BinaryData.FromString("x"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["source"] = "drop" } });

        var withMetadata = Assert.Single(await _store.ListAsync(container, options: new BlobListOptions { IncludeMetadata = true }).ToListAsync());
        var without = Assert.Single(await _store.ListAsync(container).ToListAsync());

        Assert.Equal("drop", withMetadata.Metadata!["source"]);
        Assert.Null(without.Metadata);
    }

    [Fact]
    public async Task SetMetadataAsync_InvalidName_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.SetMetadataAsync(azurite.NewContainerName(), "x", new Dictionary<string, string> { ["job-id"] = "1" }));

        Assert.Contains("'job-id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("\u65e5\u672c")]
    public async Task UploadAsync_NonAsciiMetadataValue_IsRefusedByTheStoresRuleBeforeTheSdk(string value)
    {
        var container = await azurite.CreateContainerAsync(_store);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.UploadAsync(
            container, "m.txt", BinaryData.FromString("x"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["title"] = value } }));

        // The store's own rule, which says what to do, not the SDK's client-side refusal of the header.
        Assert.Contains("only printable ASCII is allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("'title'", error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.GetPropertiesAsync(container, "m.txt"));
    }

    [Fact]
    public async Task SetMetadataAsync_MissingBlob_ThrowsBlobNotFound()
    {
        var container = await azurite.CreateContainerAsync(_store);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _store.SetMetadataAsync(container, "missing", new Dictionary<string, string> { ["a"] = "1" }));

        Assert.Equal(404, error.Status);
        Assert.Equal(BlobErrorCodes.BlobNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task DeleteIfExistsAsync_ExistingThenMissing_DeletesThenReportsNotFound()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "d.txt", BinaryData.FromString("x"));

        Assert.Equal(BlobDeleteOutcome.Deleted, await _store.DeleteIfExistsAsync(container, "d.txt"));
        Assert.Equal(BlobDeleteOutcome.NotFound, await _store.DeleteIfExistsAsync(container, "d.txt"));
        Assert.Null(await _store.GetPropertiesAsync(container, "d.txt"));
    }

    [Fact]
    public async Task DeleteIfExistsAsync_MissingContainer_ThrowsContainerNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _store.DeleteIfExistsAsync(azurite.NewContainerName(), "d.txt"));

        Assert.Equal(BlobErrorCodes.ContainerNotFound, error.ErrorCode);
    }
}
