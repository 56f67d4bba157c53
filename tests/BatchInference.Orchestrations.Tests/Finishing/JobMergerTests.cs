using System.Text;
using System.Text.Json;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Finishing;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Providers;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static BatchInference.Orchestrations.Tests.Checkpoints.SampleResults;

namespace BatchInference.Orchestrations.Tests.Finishing;

/// <summary>
/// The merge over checkpoint parts in the in-memory blob store (proven against Azurite by the storage contract tests):
/// shards of one model each, whose sequences interleave, come back as one job in input order.
/// </summary>
public sealed class JobMergerTests : IAsyncLifetime, IDisposable
{
    private const string InputContainer = "jobs";

    private readonly InMemoryBlobStore _blobs = new(new FakeTimeProvider());
    private readonly string _jobId = $"job_{Guid.NewGuid():N}";
    private readonly DirectoryInfo _spoolRoot = Directory.CreateTempSubdirectory("merger-tests-");

    public async Task InitializeAsync()
    {
        await _blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);
        await _blobs.CreateContainerIfNotExistsAsync(InputContainer);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _spoolRoot.Delete(recursive: true);

    [Fact]
    public async Task MergeAsync_ShardsWhoseSequencesInterleave_PublishInSequenceOrderWithGapsAndDuplicates()
    {
        // Shard 0 holds sequences 0, 2, 4 and shard 1 holds 1, 3, 5; records arrive out of order, 0 twice, 2 and 5 never.
        var context = await ArrangeAsync(
            (Shard: 0, Sequences: [0, 2, 4], Parts: [[Ok(4), Ok(0)], [Ok(0)]]),
            (Shard: 1, Sequences: [1, 3, 5], Parts: [[No(3), Ok(1)]]));

        var (totals, output, errors, ledger) = await MergeAsync(context);

        Assert.Equal(["c-0", "c-1", "c-4"], output);
        Assert.Equal(["c-2", "c-3", "c-5"], errors);
        Assert.Equal((3, 1, 2), (totals.Succeeded, totals.Failed, totals.Invalid));
        Assert.Equal(4, ledger); // sequence 0 was paid twice: both charges stay
        Assert.Equal(ledger, totals.PaidAttempts);
    }

    [Fact]
    public async Task MergeAsync_ShardInputGone_NamesItsLinesFromTheJobInputInPlace()
    {
        var context = await ArrangeAsync(
            (Shard: 0, Sequences: [0, 2, 4], Parts: [[Ok(0), Ok(4)]]),
            (Shard: 1, Sequences: [1, 3, 5], Parts: [[Ok(3)]]));
        await _blobs.DeleteIfExistsAsync(StorageLayout.WorkContainer, StorageLayout.ShardInput(_jobId, 1));

        var (totals, output, errors, _) = await MergeAsync(context);

        Assert.Equal(["c-0", "c-3", "c-4"], output);
        Assert.Equal(["c-1", "c-2", "c-5"], errors);
        Assert.Equal((3, 0, 3), (totals.Succeeded, totals.Failed, totals.Invalid));
    }

    private static (long Sequence, bool Succeeded) Ok(long sequence) => (sequence, true);

    private static (long Sequence, bool Succeeded) No(long sequence) => (sequence, false);

    private async Task<(EngineContext Context, JobState Job)> ArrangeAsync(
        params (int Shard, long[] Sequences, (long Sequence, bool Succeeded)[][] Parts)[] shards)
    {
        var lines = shards.Sum(s => s.Sequences.Length);
        var input = string.Concat(Enumerable.Range(0, lines).Select(i =>
            $$$"""{"custom_id":"c-{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"{{{Model}}}"}}""" + "\n"));
        await _blobs.UploadAsync(InputContainer, $"{_jobId}.jsonl", new BinaryData(Encoding.UTF8.GetBytes(input)));
        var job = new JobState
        {
            JobId = _jobId,
            Source = new JobSource(InputContainer, $"{_jobId}.jsonl", null),
            Status = JobStatus.Finishing,
            CreatedAt = Sent,
            Lines = lines,
            ShardCount = shards.Length,
            CancelRequested = true,
        };
        var options = new EngineOptions { SpoolDirectory = _spoolRoot.FullName };
        var context = new EngineContext(_blobs, ProviderSets.Create([new ProviderEndpointOptions { Name = Provider, BaseUrl = new Uri("http://127.0.0.1:9/v1") }], TimeProvider.System), PriceCatalog.BuiltIn(), new FakeTimeProvider(Sent), options, NullLogger.Instance);
        var builder = Builder(_jobId);
        foreach (var (shard, sequences, parts) in shards)
        {
            await context.Shards.TryCreateAsync(
                StorageLayout.ShardState(_jobId, shard),
                new ShardState { JobId = _jobId, Index = shard, FirstSequence = sequences[0], LastSequence = sequences[^1], LineCount = sequences.Length },
                CancellationToken.None);
            var envelopes = string.Concat(sequences.Select(s =>
                $$$"""{"seq":{{{s}}},"line":{{{s + 1}}},"custom_id":"c-{{{s}}}","url":"/v1/chat/completions","model":"{{{Model}}}","body":{"model":"{{{Model}}}"}}""" + "\n"));
            await _blobs.UploadAsync(StorageLayout.WorkContainer, StorageLayout.ShardInput(_jobId, shard), new BinaryData(Encoding.UTF8.GetBytes(envelopes)));
            for (var p = 0; p < parts.Length; p++)
            {
                var checkpoint = new ShardCheckpoint(_blobs, _jobId, shard, nextPart: p);
                foreach (var (sequence, succeeded) in parts[p])
                {
                    var result = succeeded ? Succeeded(sequence, sequence + 1, $"c-{sequence}") : Refused(sequence, sequence + 1, $"c-{sequence}");
                    checkpoint.Add(await builder.BuildAsync(result, CancellationToken.None), wasSent: true);
                }

                await checkpoint.FlushAsync(CancellationToken.None);
            }
        }

        return (context, job);
    }

    private async Task<(Results.JobTotals Totals, List<string?> Output, List<string?> Errors, int LedgerLines)> MergeAsync((EngineContext Context, JobState Job) arranged)
    {
        using var spool = new JobSpool(_spoolRoot.FullName, _jobId);
        var totals = await new JobMerger(arranged.Context, arranged.Job).MergeAsync(spool, CancellationToken.None);
        return (totals, await CustomIdsAsync(spool.Output), await CustomIdsAsync(spool.Errors), (await ReadLinesAsync(spool.Ledger)).Count);
    }

    private static async Task<List<string?>> CustomIdsAsync(FileStream written) =>
        [.. (await ReadLinesAsync(written)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString())];

    private static async Task<List<string>> ReadLinesAsync(FileStream written)
    {
        await using var read = JobSpool.OpenRead(written);
        using var reader = new StreamReader(read);
        return [.. (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
