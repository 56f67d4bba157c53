using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Metadata: replaced whole, names ignore case, only what travels in a header is accepted.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task SetMetadata_ReplacesAllOfItAndKeepsContentAndContentType()
    {
        var container = await NewContainerAsync();
        var written = await Store.UploadAsync(container, "m.txt", BinaryData.FromString("body"), new BlobUploadOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["first"] = "1" },
        });

        var updated = await Store.SetMetadataAsync(container, "m.txt", new Dictionary<string, string> { ["JobId"] = "job-42", ["team_name"] = "data eng" });

        Assert.True(updated.Succeeded);
        Assert.NotEqual(written.ETag, updated.ETag);
        var properties = (await Store.GetPropertiesAsync(container, "m.txt"))!;
        Assert.Equal(2, properties.Metadata.Count);
        Assert.Equal("job-42", properties.Metadata["jobid"]);
        Assert.Equal("data eng", properties.Metadata["TEAM_NAME"]);
        Assert.Equal("text/plain", properties.ContentType);
        Assert.Equal("body", await ReadTextAsync(container, "m.txt"));
    }

    [Fact]
    public async Task SetMetadata_MissingBlob_Throws404BlobNotFound()
    {
        var container = await NewContainerAsync();

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            Store.SetMetadataAsync(container, "missing", new Dictionary<string, string> { ["a"] = "1" }));

        Assert.Equal((404, BlobErrorCodes.BlobNotFound), (error.Status, error.ErrorCode));
    }

    [Theory]
    [InlineData("job-id", "1")] // not an identifier
    [InlineData("1st", "1")]
    [InlineData("name", "na\u00efve")] // not ASCII: refused before sending
    [InlineData("name", " padded")] // the service would trim it
    public async Task Metadata_NotAHeaderSafeIdentifierAndValue_IsRefusedBeforeWriting(string name, string value)
    {
        var container = await NewContainerAsync();
        var metadata = new Dictionary<string, string> { [name] = value };

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Store.UploadAsync(container, "x.txt", BinaryData.FromString("x"), new BlobUploadOptions { Metadata = metadata }));

        Assert.Null(await Store.GetPropertiesAsync(container, "x.txt"));
    }
}
