using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Reading small blobs whole: one, and many at once in the order asked.</summary>
public abstract partial class BlobStoreContract
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(70_000)]
    public async Task TryDownloadContent_AnySize_ReturnsExactlyTheBytesAndTheirETag(int size)
    {
        var container = await NewContainerAsync();
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();
        var written = await Store.UploadAsync(container, "c.bin", new BinaryData(bytes));

        var content = (await Store.TryDownloadContentAsync(container, "c.bin"))!;

        Assert.Equal(bytes, content.Content.ToArray());
        Assert.Equal(size, content.Properties.ContentLength);
        Assert.Equal(written.ETag, content.Properties.ETag);
    }

    [Fact]
    public async Task DownloadContents_ManyBlobsFewAtATime_YieldsEachInTheOrderAskedAndNullForAMissingOne()
    {
        var container = await NewContainerAsync();
        var names = Enumerable.Range(0, 12).Select(i => $"parts/{11 - i:D2}.jsonl").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            await Store.UploadAsync(container, name, BinaryData.FromString(new string('x', i * 1000) + name));
        }

        names.Insert(5, "parts/missing.jsonl");

        var read = await Store.DownloadContentsAsync(container, names, concurrency: 3).ToListAsync();

        Assert.Equal(names, read.Select(r => r.Name));
        Assert.Null(read[5].Content);
        Assert.All(read.Where(r => r.Name != "parts/missing.jsonl"), r => Assert.EndsWith(r.Name, r.Content!.Content.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadContents_AbandonedEarly_StopsWithoutError()
    {
        var container = await NewContainerAsync();
        var names = Enumerable.Range(0, 20).Select(i => $"p/{i:D2}").ToList();
        foreach (var name in names)
        {
            await Store.UploadAsync(container, name, BinaryData.FromString(name));
        }

        var first = await Store.DownloadContentsAsync(container, names, concurrency: 8).Take(2).ToListAsync();

        Assert.Equal(["p/00", "p/01"], first.Select(r => r.Content!.Content.ToString()));
    }
}
