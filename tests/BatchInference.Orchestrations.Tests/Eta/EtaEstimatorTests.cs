using BatchInference.Orchestrations.Eta;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Decisions;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Orchestrations.Tests.Eta;

public sealed class EtaEstimatorTests
{
    [Fact]
    public void Estimate_RealtimeProgressAdvances_ConvergesOnTheActualFinish()
    {
        // 1,000 lines in real time. They start slowly (warm-up, 429s) and then run at 10 lines/s, so the job actually
        // finishes 105 s after it started. Each estimate along the way is closer to that than the one before.
        var job = SampleJobs.Running(1) with { Lines = 1_000, Deadline = SampleJobs.Created.AddHours(6) };
        var clock = new FakeTimeProvider(job.StartedAt!.Value);
        var actual = job.StartedAt.Value.AddSeconds(105);
        var errors = new List<TimeSpan>();
        foreach (var (after, done) in new[] { (10, 50), (30, 250), (60, 550), (90, 850), (104, 990) })
        {
            clock.SetUtcNow(job.StartedAt.Value.AddSeconds(after));

            var eta = EtaEstimator.Estimate(job, [new ShardEta(1_000, done, Finished: false, Realtime: true)], clock.GetUtcNow());

            Assert.Contains("lines/s so far", eta.Basis, StringComparison.Ordinal);
            errors.Add((eta.EstimatedFinish!.Value - actual).Duration());
        }

        Assert.Equal(errors.OrderDescending(), errors);
        Assert.True(errors[^1] < TimeSpan.FromSeconds(1), $"{errors[^1]}");
        Assert.Equal(TimeSpan.FromSeconds(95), errors[0]); // 50 lines in 10 s: 5 lines/s, 950 left → 200 s after the start
    }

    [Fact]
    public void Estimate_OpenBatch_IsDueAtItsP50ThenItsP95ThenItsLastSafeMoment()
    {
        var submitted = SampleJobs.Now;
        var p50 = TimeSpan.FromMinutes(10);
        var p95 = TimeSpan.FromMinutes(40);
        var safe = submitted.AddHours(2);

        var early = EtaEstimator.BatchDue(submitted, p50, p95, safe, submitted.AddMinutes(1), "learned from 12 samples");
        var late = EtaEstimator.BatchDue(submitted, p50, p95, safe, submitted.AddMinutes(20), "learned from 12 samples");
        var overdue = EtaEstimator.BatchDue(submitted, p50, p95, safe, submitted.AddHours(1), "learned from 12 samples");

        Assert.Equal((submitted + p50, "p50 learned from 12 samples"), early);
        Assert.Equal((submitted + p95, "p95 learned from 12 samples"), late);
        Assert.Equal((safe, "past its p95: its last safe moment"), overdue);
    }

    [Fact]
    public void Estimate_RealtimeShardAndABatch_TheLaterOneSetsTheFinish_AndTheBasisNamesBoth()
    {
        var job = SampleJobs.Running(2) with { Lines = 200 };
        var now = job.StartedAt!.Value.AddSeconds(10);
        var batchDue = now.AddMinutes(30);

        var eta = EtaEstimator.Estimate(
            job,
            [new ShardEta(100, 50, false, Realtime: true), new ShardEta(100, 0, false, Realtime: false, batchDue, "p50 learned from 12 samples")],
            now);

        Assert.Equal(batchDue, eta.EstimatedFinish);
        Assert.Equal("real time: 5 lines/s so far, 50 lines left; 1 provider batch shard(s): p50 learned from 12 samples", eta.Basis);
    }

    [Fact]
    public void Estimate_NothingAnsweredYet_IsTheDeadline_AndAFinishedJobItsFinish()
    {
        var running = SampleJobs.Running(1) with { Deadline = SampleJobs.Created.AddHours(4) };
        var finished = running with { Status = JobStatus.Completed, FinishedAt = SampleJobs.Created.AddHours(1) };

        var waiting = EtaEstimator.Estimate(running, [new ShardEta(10, 0, false, true)], SampleJobs.Now);
        var done = EtaEstimator.Estimate(finished, [new ShardEta(10, 10, true, true)], SampleJobs.Now);

        Assert.Equal((running.Deadline, "real time: no line answered yet, so the deadline for 10 lines"), (waiting.EstimatedFinish, waiting.Basis));
        Assert.Equal((finished.FinishedAt, "finished"), (done.EstimatedFinish, done.Basis));
    }

    [Fact]
    public void Estimate_NothingAnsweredYetWithAPlan_IsThePlansEstimate_UntilItHasPassed()
    {
        var running = SampleJobs.Running(1) with { Deadline = SampleJobs.Created.AddHours(4) };
        var planned = SampleJobs.Now.AddMinutes(20);

        var ahead = EtaEstimator.Estimate(running, [new ShardEta(10, 0, false, true)], SampleJobs.Now, planned);
        var passed = EtaEstimator.Estimate(running, [new ShardEta(10, 0, false, true)], planned.AddSeconds(1), planned);

        Assert.Equal((planned, "real time: no line answered yet, so the plan's estimate for 10 lines"), (ahead.EstimatedFinish, ahead.Basis));
        Assert.Equal(running.Deadline, passed.EstimatedFinish);
    }
}
