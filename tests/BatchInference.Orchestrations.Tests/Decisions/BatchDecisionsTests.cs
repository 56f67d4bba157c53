using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.State;
using BatchInference.Providers.Batches;

namespace BatchInference.Orchestrations.Tests.Decisions;

public sealed class BatchDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(ProviderBatchStatus.Completed)]
    [InlineData(ProviderBatchStatus.Expired)]
    [InlineData(ProviderBatchStatus.Cancelled)]
    [InlineData(ProviderBatchStatus.Failed)]
    public void Next_BatchEnded_Collects(ProviderBatchStatus status)
    {
        Assert.IsType<CollectBatch>(BatchDecisions.Next(Shard(), Batch(status), jobStopping: true, Now, Poll, MaxPoll));
    }

    [Fact]
    public void Next_RunningWellBeforeTheLastSafeMoment_WaitsWithBackOff()
    {
        var first = Assert.IsType<WaitForBatch>(BatchDecisions.Next(Shard(polls: 0), Batch(ProviderBatchStatus.InProgress), false, Now, Poll, MaxPoll));
        var third = Assert.IsType<WaitForBatch>(BatchDecisions.Next(Shard(polls: 2), Batch(ProviderBatchStatus.InProgress), false, Now, Poll, MaxPoll));
        var late = Assert.IsType<WaitForBatch>(BatchDecisions.Next(Shard(polls: 40), Batch(ProviderBatchStatus.InProgress), false, Now, Poll, MaxPoll));

        Assert.Equal(Poll, first.Delay);
        Assert.Equal(TimeSpan.FromSeconds(135), third.Delay); // 60 s × 1.5²
        Assert.Equal(MaxPoll, late.Delay);
    }

    [Fact]
    public void Next_BackOffWouldSleepPastTheLastSafeMoment_WakesExactlyThen()
    {
        var shard = Shard(polls: 10, lastSafe: Now.AddMinutes(3));

        var wait = Assert.IsType<WaitForBatch>(BatchDecisions.Next(shard, Batch(ProviderBatchStatus.InProgress), false, Now, Poll, MaxPoll));

        Assert.Equal(TimeSpan.FromMinutes(3), wait.Delay);
    }

    [Fact]
    public void Next_StillRunningAtTheLastSafeMoment_CancelsAndSaysWhy()
    {
        var shard = Shard(lastSafe: Now);

        var cancel = Assert.IsType<CancelBatch>(BatchDecisions.Next(shard, Batch(ProviderBatchStatus.InProgress, done: 40, total: 100), false, Now, Poll, MaxPoll));

        Assert.Contains("last safe moment", cancel.Reason, StringComparison.Ordinal);
        Assert.Contains("40 of 100", cancel.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_JobStopping_Cancels()
    {
        Assert.IsType<CancelBatch>(BatchDecisions.Next(Shard(), Batch(ProviderBatchStatus.Validating), jobStopping: true, Now, Poll, MaxPoll));
    }

    [Fact]
    public void Next_CancelAlreadyAsked_WaitsAtTheBaseIntervalInsteadOfCancellingAgain()
    {
        var shard = Shard(lastSafe: Now.AddHours(-1)) is var s ? s with { Batch = s.Batch! with { CancelRequestedAt = Now.AddMinutes(-1), Polls = 9 } } : null!;

        var wait = Assert.IsType<WaitForBatch>(BatchDecisions.Next(shard, Batch(ProviderBatchStatus.Cancelling), true, Now, Poll, MaxPoll));

        Assert.Equal(Poll, wait.Delay);
    }

    [Fact]
    public void FirstPoll_LastSafeMomentSooner_IsCappedByIt()
    {
        Assert.Equal(Poll, BatchDecisions.FirstPoll(Shard(), Now, Poll));
        Assert.Equal(TimeSpan.FromSeconds(20), BatchDecisions.FirstPoll(Shard(lastSafe: Now.AddSeconds(20)), Now, Poll));
        Assert.Equal(TimeSpan.Zero, BatchDecisions.FirstPoll(Shard(lastSafe: Now.AddSeconds(-5)), Now, Poll));
    }

    private static ShardState Shard(int polls = 0, DateTimeOffset? lastSafe = null) => new()
    {
        JobId = "job-1",
        Index = 2,
        FirstSequence = 0,
        LineCount = 100,
        Tier = Tiers.Batch,
        Status = ShardStatus.Batched,
        LastSafeMoment = lastSafe,
        Batch = new ShardBatch
        {
            Attempt = 1,
            Phase = ShardBatchPhase.Submitted,
            Provider = "openai",
            SubmittingAt = Now.AddHours(-1),
            Lines = 100,
            BatchId = "batch_1",
            Polls = polls,
        },
    };

    private static ProviderBatch Batch(ProviderBatchStatus status, int done = 0, int total = 100) =>
        new("batch_1", status, new BatchKey("job-1", 2, 1), total, done, 0, Now.AddHours(-1), Now.AddHours(23));
}
