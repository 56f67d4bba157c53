using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;
using static BatchInference.Orchestrations.Tests.Checkpoints.SampleResults;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

/// <summary>Reading checkpoint parts back from the in-memory blob store (proven against Azurite by the storage contract
/// tests).</summary>
public sealed class ShardCheckpointReaderTests : IAsyncLifetime
{
    private const int Shard = 1;

    private readonly InMemoryBlobStore _blobs = new(new FakeTimeProvider());
    private readonly string _jobId = $"job_{Guid.NewGuid():N}";

    public async Task InitializeAsync() => await _blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListPartsAsync_NoParts_IsEmpty()
    {
        Assert.Empty(await ShardCheckpointReader.ListPartsAsync(_blobs, _jobId, Shard, CancellationToken.None));
    }

    [Fact]
    public async Task ListPartsAsync_PartsPastSixDigits_AreInNumberOrderNotNameOrder()
    {
        // part-1000000 sorts before part-999999 by name; the reader must order by number.
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 999_999);
        var builder = Builder(_jobId);
        var paid = await builder.BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None);
        checkpoint.Add(paid, wasSent: true);
        await checkpoint.FlushAsync(CancellationToken.None);
        checkpoint.Add(await builder.BuildAsync(Rejected(1, 2, "c-2"), CancellationToken.None), wasSent: false);
        await checkpoint.FlushAsync(CancellationToken.None);

        var parts = await ShardCheckpointReader.ListPartsAsync(_blobs, _jobId, Shard, CancellationToken.None);

        Assert.Equal([999_999, 1_000_000], parts.Select(p => p.Number));
        Assert.Equal([StorageLayout.ShardPart(_jobId, Shard, 999_999), StorageLayout.ShardPart(_jobId, Shard, 1_000_000)], parts.Select(p => p.Name));
        Assert.Equal([new ShardProgress(1, 1, 0, 0, 1, paid.Cost), new ShardProgress(1, 0, 0, 1, 0, 0m)], parts.Select(p => p.Progress));
    }

    [Fact]
    public async Task ListPartsAsync_OtherBlobsNearby_AreIgnored()
    {
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);
        checkpoint.Add(await Builder(_jobId).BuildAsync(Rejected(0, 1, "c-1"), CancellationToken.None), wasSent: false);
        await checkpoint.FlushAsync(CancellationToken.None);
        await UploadAsync(StorageLayout.ShardPartsPrefix(_jobId, Shard) + "notes.txt", "x");
        await UploadAsync(StorageLayout.ShardPart(_jobId, Shard + 10, 0), "{}");
        await UploadAsync(StorageLayout.ShardState(_jobId, Shard), "{}");

        var parts = await ShardCheckpointReader.ListPartsAsync(_blobs, _jobId, Shard, CancellationToken.None);

        Assert.Equal([0], parts.Select(p => p.Number));
    }

    [Fact]
    public async Task ReadRecordsAsync_TwoParts_ReturnsEveryRecordInPartOrder()
    {
        var builder = Builder(_jobId);
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);
        var records = new List<PartRecordInfo>
        {
            await builder.BuildAsync(Succeeded(7, 8, "c-8"), CancellationToken.None),
            await builder.BuildAsync(Rejected(5, 6, "c-6"), CancellationToken.None),
            await builder.BuildAsync(Refused(6, 7, "c-7"), CancellationToken.None),
        };
        checkpoint.Add(records[0], wasSent: true);
        checkpoint.Add(records[1], wasSent: false);
        await checkpoint.FlushAsync(CancellationToken.None);
        checkpoint.Add(records[2], wasSent: true);
        await checkpoint.FlushAsync(CancellationToken.None);

        var read = await ReadAllAsync();

        Assert.Equal([7L, 5L, 6L], read.Select(r => r.Sequence));
        Assert.Equal([ResultKind.Succeeded, ResultKind.Invalid, ResultKind.Failed], read.Select(r => r.Kind));
        Assert.Equal(
            records.Select(r => PartRecord.Parse(r.Bytes.AsMemory(0, r.Bytes.Length - 1)).Out.ToArray()),
            read.Select(r => r.Out.ToArray()));
        Assert.Equal([1, 0, 0], read.Select(r => r.Ledger.Count));
    }

    [Fact]
    public async Task ReadRecordsAsync_PartWithoutFinalNewline_StillReadsTheLastRecord()
    {
        var info = await Builder(_jobId).BuildAsync(Rejected(0, 1, "c-1"), CancellationToken.None);
        await UploadAsync(StorageLayout.ShardPart(_jobId, Shard, 0), System.Text.Encoding.UTF8.GetString(info.Bytes.AsSpan(0, info.Bytes.Length - 1)));

        var read = Assert.Single(await ReadAllAsync());

        Assert.Equal("c-1", read.CustomId);
    }

    [Fact]
    public async Task ReadRecordsAsync_DamagedPart_ThrowsInvalidDataException()
    {
        await UploadAsync(StorageLayout.ShardPart(_jobId, Shard, 0), "{\"seq\":1,\"line\":\n");

        await Assert.ThrowsAsync<InvalidDataException>(ReadAllAsync);
    }

    private async Task<List<PartRecord>> ReadAllAsync()
    {
        var records = new List<PartRecord>();
        await foreach (var record in ShardCheckpointReader.ReadRecordsAsync(_blobs, _jobId, Shard, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    private Task<BlobWriteResult> UploadAsync(string name, string content) =>
        _blobs.UploadAsync(StorageLayout.WorkContainer, name, BinaryData.FromString(content));
}
