using System.Globalization;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Testing.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Orchestrations.Tests.State;

/// <summary>
/// Conditional writes of state blobs, in the fixed <c>work</c> container of the in-memory blob store (whose Azure
/// semantics the contract tests in BatchInference.Storage.Tests/Contracts prove against Azurite).
/// </summary>
public sealed class StateStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly InMemoryBlobStore _blobs = new(new FakeTimeProvider());
    private readonly string _name = StorageLayout.JobState($"job_{Guid.NewGuid():N}");

    public async Task InitializeAsync() => await _blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TryCreateAsync_NewBlob_StoresTheStateWithItsETag()
    {
        var store = Jobs();

        var created = await store.TryCreateAsync(_name, Job(lines: 5), CancellationToken.None);

        Assert.NotNull(created);
        var read = await store.ReadAsync(_name, CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equivalent(Job(lines: 5), read.Value, strict: true);
        Assert.Equal("application/json", (await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, _name))!.ContentType);
    }

    [Fact]
    public async Task TryCreateAsync_Twice_SecondReturnsNullAndTheFirstStays()
    {
        var store = Jobs();
        await store.TryCreateAsync(_name, Job(lines: 1), CancellationToken.None);

        var second = await store.TryCreateAsync(_name, Job(lines: 2), CancellationToken.None);

        Assert.Null(second);
        Assert.Equal(1, (await store.ReadAsync(_name, CancellationToken.None))!.Value.Lines);
    }

    [Fact]
    public async Task TryReplaceAsync_CurrentETag_ReplacesAndReturnsTheNewETag()
    {
        var store = Jobs();
        var created = (await store.TryCreateAsync(_name, Job(lines: 1), CancellationToken.None))!;

        var replaced = await store.TryReplaceAsync(_name, created, Job(lines: 2), leaseId: null, CancellationToken.None);

        Assert.NotNull(replaced);
        Assert.NotEqual(created.ETag, replaced.ETag);
        var read = (await store.ReadAsync(_name, CancellationToken.None))!;
        Assert.Equal(replaced.ETag, read.ETag);
        Assert.Equal(2, read.Value.Lines);
    }

    [Fact]
    public async Task TryReplaceAsync_StaleETag_ReturnsNullAndWritesNothing()
    {
        var store = Jobs();
        var stale = (await store.TryCreateAsync(_name, Job(lines: 1), CancellationToken.None))!;
        var current = (await store.TryReplaceAsync(_name, stale, Job(lines: 2), null, CancellationToken.None))!;

        var lost = await store.TryReplaceAsync(_name, stale, Job(lines: 3), null, CancellationToken.None);

        Assert.Null(lost);
        var read = (await store.ReadAsync(_name, CancellationToken.None))!;
        Assert.Equal(current.ETag, read.ETag);
        Assert.Equal(2, read.Value.Lines);
    }

    [Fact]
    public async Task ReadAsync_MissingBlob_ReturnsNull()
    {
        Assert.Null(await Jobs().ReadAsync(_name, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_MissingBlob_ReturnsNullWithoutDeciding()
    {
        var decided = 0;

        var result = await Jobs().UpdateAsync(_name, s => { decided++; return s; });

        Assert.Null(result);
        Assert.Equal(0, decided);
        Assert.Null(await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, _name));
    }

    [Fact]
    public async Task UpdateAsync_DecideReturnsNull_WritesNothingAndReturnsTheCurrentState()
    {
        var store = Jobs();
        var created = (await store.TryCreateAsync(_name, Job(lines: 7), CancellationToken.None))!;

        var result = await store.UpdateAsync(_name, _ => null);

        Assert.NotNull(result);
        Assert.Equal(created.ETag, result.ETag);
        Assert.Equal(7, result.Value.Lines);
        Assert.Equal(created.ETag, (await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, _name))!.ETag);
    }

    [Fact]
    public async Task UpdateAsync_WriteBetweenReadAndWrite_ReDecidesOnTheNewState()
    {
        var store = Jobs();
        var rival = new StateStore<JobState>(_blobs, StateJsonContext.Default.JobState);
        await store.TryCreateAsync(_name, Job(lines: 0), CancellationToken.None);
        var seen = new List<long>();

        var result = await store.UpdateAsync(_name, s =>
        {
            seen.Add(s.Lines);
            if (seen.Count == 1)
            {
                // Another worker wins the race after this one read the state and before it writes.
                rival.UpdateAsync(_name, r => r with { Lines = 100 }).GetAwaiter().GetResult();
            }

            return s with { Lines = s.Lines + 1 };
        });

        Assert.Equal([0L, 100L], seen);
        Assert.Equal(101, result!.Value.Lines);
        Assert.Equal(101, (await store.ReadAsync(_name, CancellationToken.None))!.Value.Lines);
    }

    [Fact]
    public async Task UpdateAsync_TwoConcurrentWriters_EveryIncrementLands()
    {
        var first = Jobs();
        var second = new StateStore<JobState>(_blobs, StateJsonContext.Default.JobState);
        await first.TryCreateAsync(_name, Job(lines: 0), CancellationToken.None);

        async Task IncrementAsync(StateStore<JobState> store)
        {
            for (var i = 0; i < 20; i++)
            {
                await store.UpdateAsync(_name, s => s with { Lines = s.Lines + 1 });
            }
        }

        await Task.WhenAll(Task.Run(() => IncrementAsync(first)), Task.Run(() => IncrementAsync(second)));

        Assert.Equal(40, (await first.ReadAsync(_name, CancellationToken.None))!.Value.Lines);
    }

    [Fact]
    public async Task Writes_WithMetadataFunction_PutTheMetadataOnTheBlob()
    {
        var store = new StateStore<JobState>(_blobs, StateJsonContext.Default.JobState, s => new Dictionary<string, string>
        {
            ["status"] = s.Status.ToString(),
            ["lines"] = s.Lines.ToString(CultureInfo.InvariantCulture),
        });

        await store.TryCreateAsync(_name, Job(lines: 3), CancellationToken.None);
        var created = (await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, _name))!.Metadata;
        await store.UpdateAsync(_name, s => s with { Status = JobStatus.Running, Lines = 4 });
        var updated = (await _blobs.GetPropertiesAsync(StorageLayout.WorkContainer, _name))!.Metadata;

        Assert.Equal("Pending", created["status"]);
        Assert.Equal("3", created["lines"]);
        Assert.Equal("Running", updated["status"]);
        Assert.Equal("4", updated["lines"]);
    }

    [Fact]
    public async Task TryReplaceAsync_LeasedBlob_NeedsTheLeaseId()
    {
        var store = Jobs();
        var created = (await store.TryCreateAsync(_name, Job(lines: 1), CancellationToken.None))!;
        var lease = (await _blobs.TryAcquireLeaseAsync(StorageLayout.WorkContainer, _name, TimeSpan.FromSeconds(15)))!;
        try
        {
            // Not a lost race (re-reading cannot fix it), so not null: the caller must stop.
            var withoutLease = await Assert.ThrowsAsync<InvalidOperationException>(
                () => store.TryReplaceAsync(_name, created, Job(lines: 2), leaseId: null, CancellationToken.None));
            var wrongLease = await Assert.ThrowsAsync<InvalidOperationException>(
                () => store.TryReplaceAsync(_name, created, Job(lines: 2), Guid.NewGuid().ToString(), CancellationToken.None));
            var withLease = await store.TryReplaceAsync(_name, created, Job(lines: 3), lease.LeaseId, CancellationToken.None);

            Assert.Contains("LeaseIdMissing", withoutLease.Message, StringComparison.Ordinal);
            Assert.Contains("lease", wrongLease.Message, StringComparison.OrdinalIgnoreCase);
            Assert.NotNull(withLease);
            Assert.Equal(3, (await store.ReadAsync(_name, CancellationToken.None))!.Value.Lines);
        }
        finally
        {
            await _blobs.ReleaseLeaseAsync(StorageLayout.WorkContainer, _name, lease.LeaseId);
        }
    }

    [Fact]
    public async Task UpdateAsync_LeaseNotHeld_GivesUpInsteadOfRetryingForever()
    {
        // A lease condition that fails is not a lost ETag race: re-reading cannot make it hold, so the loop must end
        // (a shard runner whose lease was broken otherwise hammers storage until its Lost token fires).
        var store = Jobs();
        await store.TryCreateAsync(_name, Job(lines: 1), CancellationToken.None);
        var lease = (await _blobs.TryAcquireLeaseAsync(StorageLayout.WorkContainer, _name, TimeSpan.FromSeconds(15)))!;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            var outcome = await Record.ExceptionAsync(
                () => store.UpdateAsync(_name, s => s with { Lines = s.Lines + 1 }, leaseId: Guid.NewGuid().ToString(), bound.Token));

            Assert.False(outcome is OperationCanceledException, "UpdateAsync kept re-reading and re-writing a blob leased by someone else until it was cancelled.");
            Assert.Equal(1, (await store.ReadAsync(_name, CancellationToken.None))!.Value.Lines);
        }
        finally
        {
            await _blobs.ReleaseLeaseAsync(StorageLayout.WorkContainer, _name, lease.LeaseId);
        }
    }

    private StateStore<JobState> Jobs() => new(_blobs, StateJsonContext.Default.JobState);

    private static JobState Job(long lines) => new()
    {
        JobId = "job_1",
        Source = new JobSource("jobs", "incoming/a.jsonl", "0x8DC1"),
        Status = JobStatus.Pending,
        CreatedAt = Created,
        UpdatedAt = Created,
        Lines = lines,
    };
}
