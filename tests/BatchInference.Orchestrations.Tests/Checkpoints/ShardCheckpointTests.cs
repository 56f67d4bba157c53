using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;
using static BatchInference.Orchestrations.Tests.Checkpoints.SampleResults;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

/// <summary>Checkpoint parts written to the in-memory blob store (proven against Azurite by the storage contract tests),
/// in the fixed <c>work</c> container.</summary>
public sealed class ShardCheckpointTests : IAsyncLifetime
{
    private const int Shard = 3;

    private readonly InMemoryBlobStore _blobs = new(new FakeTimeProvider());
    private readonly string _jobId = $"job_{Guid.NewGuid():N}";

    public async Task InitializeAsync() => await _blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FlushAsync_BufferedRecords_WritesPartZeroWithItsCountersAndReturnsTheSentLines()
    {
        var builder = Builder(_jobId);
        var succeeded = await builder.BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None);
        var refused = await builder.BuildAsync(Refused(1, 2, "c-2"), CancellationToken.None);
        var rejected = await builder.BuildAsync(Rejected(2, 3, "c-3"), CancellationToken.None);
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);
        checkpoint.Add(succeeded, wasSent: true);
        checkpoint.Add(refused, wasSent: true);
        checkpoint.Add(rejected, wasSent: false);
        Assert.Equal((3, 2), (checkpoint.Buffered, checkpoint.BufferedSent));

        var durable = await checkpoint.FlushAsync(CancellationToken.None);

        Assert.Equal(2, durable);
        var expected = new ShardProgress(3, 1, 1, 1, 1, succeeded.Cost);
        var name = StorageLayout.ShardPart(_jobId, Shard, 0);
        var properties = (await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, name))!;
        Assert.Equal(expected, ShardProgress.FromMetadata(properties.Metadata));
        Assert.Equal("application/jsonl", properties.ContentType);
        var content = (await _blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, name))!.Content.ToArray();
        Assert.Equal([.. succeeded.Bytes, .. refused.Bytes, .. rejected.Bytes], content);
        Assert.Equal((0, 0), (checkpoint.Buffered, checkpoint.BufferedSent));
        Assert.Equal(expected, checkpoint.Written);
    }

    [Fact]
    public async Task FlushAsync_Twice_WritesNumberedPartsEachWithItsOwnCounters()
    {
        var builder = Builder(_jobId);
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);
        var first = await builder.BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None);
        checkpoint.Add(first, wasSent: true);
        await checkpoint.FlushAsync(CancellationToken.None);
        checkpoint.Add(await builder.BuildAsync(Rejected(1, 2, "c-2"), CancellationToken.None), wasSent: false);
        checkpoint.Add(await builder.BuildAsync(Rejected(2, 3, "c-3"), CancellationToken.None), wasSent: false);

        var durable = await checkpoint.FlushAsync(CancellationToken.None);

        Assert.Equal(0, durable);
        Assert.Equal(new ShardProgress(1, 1, 0, 0, 1, first.Cost), await ProgressOfAsync(0));
        Assert.Equal(new ShardProgress(2, 0, 0, 2, 0, 0m), await ProgressOfAsync(1));
        Assert.Equal(new ShardProgress(3, 1, 0, 2, 1, first.Cost), checkpoint.Written);
        Assert.Equal(
            [StorageLayout.ShardPart(_jobId, Shard, 0), StorageLayout.ShardPart(_jobId, Shard, 1)],
            await ListAsync());
    }

    [Fact]
    public async Task FlushAsync_EmptyBuffer_WritesNothing()
    {
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);

        Assert.Equal(0, await checkpoint.FlushAsync(CancellationToken.None));
        Assert.Empty(await ListAsync());
        Assert.Equal(ShardProgress.Zero, checkpoint.Written);
    }

    [Fact]
    public async Task FlushAsync_ResumedRun_ContinuesAtItsNextPartNumber()
    {
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 5);
        checkpoint.Add(await Builder(_jobId).BuildAsync(Rejected(0, 1, "c-1"), CancellationToken.None), wasSent: false);

        await checkpoint.FlushAsync(CancellationToken.None);

        Assert.Equal([StorageLayout.ShardPart(_jobId, Shard, 5)], await ListAsync());
    }

    [Fact]
    public async Task FlushAsync_PartExists_ThrowsAndKeepsTheExistingPart()
    {
        var builder = Builder(_jobId);
        var winner = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);
        var winnerRecord = await builder.BuildAsync(Succeeded(0, 1, "c-1"), CancellationToken.None);
        winner.Add(winnerRecord, wasSent: true);
        await winner.FlushAsync(CancellationToken.None);
        var loser = new ShardCheckpoint(_blobs, _jobId, Shard, nextPart: 0);
        loser.Add(await builder.BuildAsync(Rejected(0, 1, "c-1"), CancellationToken.None), wasSent: false);

        await Assert.ThrowsAsync<InvalidOperationException>(() => loser.FlushAsync(CancellationToken.None));

        var content = (await _blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.ShardPart(_jobId, Shard, 0)))!;
        Assert.Equal(winnerRecord.Bytes, content.Content.ToArray());
        Assert.Equal(1, loser.Buffered);
        Assert.Equal(ShardProgress.Zero, loser.Written);
    }

    private async Task<ShardProgress> ProgressOfAsync(int part) =>
        ShardProgress.FromMetadata((await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, StorageLayout.ShardPart(_jobId, Shard, part)))!.Metadata);

    private async Task<List<string>> ListAsync()
    {
        var names = new List<string>();
        await foreach (var item in _blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardPartsPrefix(_jobId, Shard)))
        {
            names.Add(item.Name);
        }

        return names;
    }
}
