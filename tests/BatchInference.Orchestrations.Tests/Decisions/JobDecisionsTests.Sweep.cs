using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.State;
using static BatchInference.Orchestrations.Tests.Decisions.SampleJobs;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>The watchdog: what a <c>CheckJob</c> re-sends.</summary>
public sealed partial class JobDecisionsTests
{
    [Fact]
    public void Sweep_Pending_SendsStartJobForTheSourceAndCheckJob()
    {
        var messages = JobDecisions.Sweep(Pending(), []);

        Assert.Equal<EngineMessage>([new StartJob(JobId, "jobs", "incoming/a.jsonl", "0x8DC1"), new CheckJob(JobId)], messages);
    }

    [Fact]
    public void Sweep_BatchedShards_ResendsCheckBatchOnlyWhenItsPollIsLongOverdue()
    {
        var now = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        ShardObservation[] shards =
        [
            new(0, ShardStatus.Batched, Leased: false, NextPoll: now.AddMinutes(1)),   // due later
            new(1, ShardStatus.Batched, Leased: false, NextPoll: now.AddMinutes(-1)),  // due, its timer may just be late
            new(2, ShardStatus.Batched, Leased: false, NextPoll: now.AddMinutes(-10)), // long overdue: the timer was lost
        ];

        var messages = JobDecisions.Sweep(Running(3), shards, now, TimeSpan.FromMinutes(2));

        Assert.Equal<EngineMessage>([new CheckBatch(JobId, 2), new CheckJob(JobId)], messages);
    }

    [Fact]
    public void Sweep_Running_ResendsOnlyStartedOrFinishedUnleasedShardsTheJobHasNotRecorded()
    {
        var state = Running(8, 4);
        ShardObservation[] shards =
        [
            new(0, ShardStatus.Pending, Leased: false), // never started: StartJob hands it out
            new(1, ShardStatus.Running, Leased: true),  // a worker is on it
            new(2, ShardStatus.Running, Leased: false), // its worker died: re-send
            new(3, ShardStatus.Done, Leased: false),    // done but not recorded in the job: re-send so it records itself
            new(4, ShardStatus.Stopped, Leased: false), // recorded already
            new(5, ShardStatus.Done, Leased: true),     // its worker is recording it right now
            new(6, ShardStatus.Stopped, Leased: false), // stopped but not recorded: re-send
            new(7, ShardStatus.Pending, Leased: true),
        ];

        var messages = JobDecisions.Sweep(state, shards);

        Assert.Equal<EngineMessage>([new RunShard(JobId, 2), new RunShard(JobId, 3), new RunShard(JobId, 6), new CheckJob(JobId)], messages);
    }

    [Fact]
    public void Sweep_RunningWithNothingLost_OnlyReschedulesItself()
    {
        ShardObservation[] shards = [new(0, ShardStatus.Running, Leased: true), new(1, ShardStatus.Done, Leased: false)];

        Assert.Equal<EngineMessage>([new CheckJob(JobId)], JobDecisions.Sweep(Running(2, 1), shards));
    }

    [Fact]
    public void Sweep_Finishing_SendsFinishJobAndCheckJob()
    {
        ShardObservation[] shards = [new(0, ShardStatus.Done, Leased: false)];

        Assert.Equal<EngineMessage>([new FinishJob(JobId), new CheckJob(JobId)], JobDecisions.Sweep(WithStatus(JobStatus.Finishing), shards));
    }

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.CompletedWithErrors)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void Sweep_TerminalJob_SendsNothingNotEvenCheckJob(JobStatus status)
    {
        ShardObservation[] shards = [new(0, ShardStatus.Running, Leased: false)];

        Assert.Empty(JobDecisions.Sweep(WithStatus(status) with { ShardsFinished = [] }, shards));
    }
}
