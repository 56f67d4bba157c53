using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;
using static BatchInference.Orchestrations.Tests.Checkpoints.SampleResults;

namespace BatchInference.Orchestrations.Tests.Checkpoints;

/// <summary>Resuming a shard from its parts (in-memory blob store; metadata round trips are proven against Azurite by the
/// storage contract tests).</summary>
public sealed class ShardResumeTests : IAsyncLifetime
{
    private const int Shard = 2;

    private readonly InMemoryBlobStore _blobs = new(new FakeTimeProvider());
    private readonly string _jobId = $"job_{Guid.NewGuid():N}";

    public async Task InitializeAsync() => await _blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task LoadAsync_NoParts_StartsAtPartZeroWithNothingDone()
    {
        var resume = await ShardResume.LoadAsync(_blobs, _jobId, Shard, CancellationToken.None);

        Assert.Equal(0, resume.NextPart);
        Assert.Empty(resume.Done);
    }

    [Fact]
    public async Task LoadAsync_PartsWithSequenceMetadata_AreNotReadBack()
    {
        await WritePartAsync(0, 11, 10, 12);
        await WritePartAsync(1, 14);
        // Damage the records but keep the part's metadata: a resume that reads the records throws.
        var name = StorageLayout.ShardPart(_jobId, Shard, 0);
        var properties = (await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, name))!;
        await _blobs.UploadAsync(
            StorageLayout.WorkContainer, name, BinaryData.FromString("not a record\n"), new BlobUploadOptions { Metadata = properties.Metadata });

        var resume = await ShardResume.LoadAsync(_blobs, _jobId, Shard, CancellationToken.None);

        Assert.Equal(2, resume.NextPart);
        Assert.Equal([10L, 11, 12, 14], resume.Done.Order());
    }

    [Fact]
    public async Task LoadAsync_PartWithoutSequenceMetadata_IsReadForItsSequences()
    {
        await WritePartAsync(0, 3, 4);
        // As written before parts carried their sequences: the records only.
        var info = await Builder(_jobId).BuildAsync(Rejected(7, 8, "c-8"), CancellationToken.None);
        await _blobs.UploadAsync(StorageLayout.WorkContainer, StorageLayout.ShardPart(_jobId, Shard, 1), new BinaryData(info.Bytes));

        var resume = await ShardResume.LoadAsync(_blobs, _jobId, Shard, CancellationToken.None);

        Assert.Equal(2, resume.NextPart);
        Assert.Equal([3L, 4, 7], resume.Done.Order());
    }

    private async Task WritePartAsync(int part, params long[] sequences)
    {
        var builder = Builder(_jobId);
        var checkpoint = new ShardCheckpoint(_blobs, _jobId, Shard, part);
        foreach (var sequence in sequences)
        {
            checkpoint.Add(await builder.BuildAsync(Rejected(sequence, sequence + 1, $"c-{sequence + 1}"), CancellationToken.None), wasSent: false);
        }

        await checkpoint.FlushAsync(CancellationToken.None);
    }
}
