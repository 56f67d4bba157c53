using System.Text;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Tests.Fixtures;

namespace BatchInference.Jobs.Tests.Sharding;

public sealed partial class JobSharderTests
{
    private static readonly byte[] TenLines = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 10).Select(i => InputLines.Valid($"id-{i}") + "\n")));

    [Fact]
    public async Task SplitAsync_PublishThrows_PropagatesAndLeavesNoTempFile()
    {
        using var spool = new SpoolDirectory();
        var failure = new IOException("blob store is down");
        var capture = new ShardCapture(spool)
        {
            AfterCapture = info =>
            {
                if (info.Index == 1)
                {
                    throw failure;
                }
            },
        };

        var ex = await Assert.ThrowsAsync<IOException>(() =>
            JobSharder.SplitAsync(new MemoryStream(TenLines), JsonlReaderOptions.Default, new ShardLimits(MaxLines: 3), capture.PublishAsync, spool.Path));

        Assert.Same(failure, ex);
        Assert.Equal([0, 1], capture.Shards.Select(s => s.Info.Index));
        Assert.Empty(spool.Files());
    }

    [Fact]
    public async Task SplitAsync_CancelledWhileAShardIsSpooled_ThrowsAndLeavesNoTempFile()
    {
        using var spool = new SpoolDirectory();
        using var cts = new CancellationTokenSource();
        var capture = new ShardCapture(spool);
        var input = new CancellingStream(TenLines, cancelAfterBytes: TenLines.Length / 2, cts, spool);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            JobSharder.SplitAsync(input, JsonlReaderOptions.Default, ShardLimits.Default, capture.PublishAsync, spool.Path, cts.Token));

        Assert.Equal(1, input.SpoolFilesAtCancel);
        Assert.Empty(capture.Shards);
        Assert.Empty(spool.Files());
    }

    [Fact]
    public async Task SplitAsync_CancelledDuringPublish_StopsAndLeavesNoTempFile()
    {
        using var spool = new SpoolDirectory();
        using var cts = new CancellationTokenSource();
        var capture = new ShardCapture(spool) { AfterCapture = _ => cts.Cancel() };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            JobSharder.SplitAsync(new MemoryStream(TenLines), JsonlReaderOptions.Default, new ShardLimits(MaxLines: 4), capture.PublishAsync, spool.Path, cts.Token));

        Assert.Single(capture.Shards);
        Assert.Empty(spool.Files());
    }

    [Fact]
    public async Task SplitAsync_NoSpoolDirectory_SpoolsInTheTempFolder()
    {
        string? spooledAt = null;

        var result = await JobSharder.SplitAsync(new MemoryStream(TenLines), JsonlReaderOptions.Default, ShardLimits.Default, (_, shard, _) =>
        {
            spooledAt = Assert.IsType<FileStream>(shard).Name;
            return Task.CompletedTask;
        });

        Assert.Single(result.Shards);
        Assert.Equal(Path.GetFullPath(Path.GetTempPath()), Path.GetDirectoryName(spooledAt) + Path.DirectorySeparatorChar);
        Assert.False(File.Exists(spooledAt));
    }

    [Fact]
    public async Task SplitAsync_MissingSpoolDirectory_IsCreated()
    {
        using var spool = new SpoolDirectory();
        var nested = Path.Combine(spool.Path, "nested", "deeper");

        var result = await JobSharder.SplitAsync(new MemoryStream(TenLines), JsonlReaderOptions.Default, ShardLimits.Default, (_, _, _) => Task.CompletedTask, nested);

        Assert.Equal(10, result.Lines);
        Assert.Empty(Directory.GetFiles(nested));
    }

    [Fact]
    public void SplitAsync_InvalidArguments_ThrowBeforeReading()
    {
        using var input = new MemoryStream(TenLines);
        Func<ShardInfo, Stream, CancellationToken, Task> publish = (_, _, _) => Task.CompletedTask;

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = JobSharder.SplitAsync(input, JsonlReaderOptions.Default, new ShardLimits(MaxLines: 0), publish); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = JobSharder.SplitAsync(input, new JsonlReaderOptions { MaxLineBytes = 0 }, ShardLimits.Default, publish); });
        Assert.Throws<ArgumentNullException>(() => { _ = JobSharder.SplitAsync(null!, JsonlReaderOptions.Default, ShardLimits.Default, publish); });
        Assert.Throws<ArgumentNullException>(() => { _ = JobSharder.SplitAsync(input, JsonlReaderOptions.Default, ShardLimits.Default, null!); });
        Assert.Equal(0, input.Position);
    }
}
