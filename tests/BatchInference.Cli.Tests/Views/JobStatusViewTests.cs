using System.Text.RegularExpressions;
using BatchInference.Cli.Views;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;
using Spectre.Console;

namespace BatchInference.Cli.Tests.Views;

public sealed partial class JobStatusViewTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_RunningJob_ShowsEachShardsCheckpointedCountersAndTheirSum()
    {
        var job = Job(JobStatus.Running) with { CancelRequested = true };
        var report = new JobStatusReport(job,
        [
            new ShardReport(0, ShardStatus.Done, 100, 1, false, new ShardProgress(100, 97, 1, 2, 99, 0.5m), "batch"),
            new ShardReport(1, ShardStatus.Running, 100, 2, true, new ShardProgress(40, 40, 0, 0, 40, 0.25m), "realtime"),
            new ShardReport(2, ShardStatus.Pending, 50, 0, false, ShardProgress.Zero),
        ]);

        var text = Render(report, summary: null);

        Assert.Contains("Status │ running │", text, StringComparison.Ordinal);
        Assert.Contains("Cancel requested │ yes │", text, StringComparison.Ordinal);
        Assert.Contains("Shards │ 1/3 finished │", text, StringComparison.Ordinal);
        Assert.Contains("│ 0 │ done │ batch │ 100/100 │ 97 │ 1 │ 2 │ 1 │ no │", text, StringComparison.Ordinal);
        Assert.Contains("│ 1 │ running │ realtime │ 40/100 │ 40 │ 0 │ 0 │ 2 │ yes │", text, StringComparison.Ordinal);
        Assert.Contains("│ 2 │ pending │ - │ 0/50 │ 0 │ 0 │ 0 │ 0 │ no │", text, StringComparison.Ordinal);
        Assert.Contains("│ total │ │ │ 140/250 │ 137 │ 1 │ 2 │ 3 │ │", text, StringComparison.Ordinal);
        Assert.Contains("Cost so far $0.750000.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PublishedJobWhoseCheckpointsWereDeleted_TakesTotalsFromTheSummary()
    {
        var job = Job(JobStatus.CompletedWithErrors) with { FinishedAt = Created.AddMinutes(3) };
        var report = new JobStatusReport(job,
        [
            new ShardReport(0, ShardStatus.Done, 100, 1, false, ShardProgress.Zero),
            new ShardReport(1, ShardStatus.Done, 100, 1, false, ShardProgress.Zero),
            new ShardReport(2, ShardStatus.Done, 50, 1, false, ShardProgress.Zero),
        ]);
        var summary = new JobSummary
        {
            JobId = job.JobId,
            Status = JobSummaryStatus.CompletedWithErrors,
            CreatedAt = Created,
            Deadline = Created.AddHours(4),
            Counts = new JobLineCounts { Total = 250, Succeeded = 245, Failed = 3, Invalid = 2 },
            Cost = new JobCost { EffectiveUsd = 1.25m },
        };

        var text = Render(report, summary);

        Assert.Contains("Status │ completed_with_errors │", text, StringComparison.Ordinal);
        Assert.Contains("Finished │ 2026-11-22 06:03:00Z │", text, StringComparison.Ordinal);
        Assert.Contains("│ 1 │ done │ - │ -/100 │ - │ - │ - │ 1 │ no │", text, StringComparison.Ordinal);
        Assert.Contains("│ total │ │ │ 250/250 │ 245 │ 3 │ 2 │ 3 │ │", text, StringComparison.Ordinal);
        Assert.Contains("Cost $1.250000.", text, StringComparison.Ordinal);
        Assert.Contains("totals from summary.json", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FailedJobNotSplit_ShowsTheReasonAndNoShardTable()
    {
        var job = Job(JobStatus.Pending) with { ShardCount = null, Lines = 0, FailureReason = "The input has no request lines." };

        var text = Render(new JobStatusReport(job, []), summary: null);

        Assert.Contains("Failure reason │ The input has no request lines. │", text, StringComparison.Ordinal);
        Assert.Contains("Lines │ not split yet │", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Shard │ Status", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RunningJobWithAnEta_ShowsItsTimeAndBasis_AndAFinishedOneThePlannedFinish()
    {
        var running = new JobStatusReport(Job(JobStatus.Running), [new ShardReport(0, ShardStatus.Running, 100, 1, true, new ShardProgress(40, 40, 0, 0, 40, 0m), "realtime")])
        {
            Eta = new JobEta(Created.AddMinutes(7), "real time: 0.4 lines/s so far, 60 lines left"),
        };
        var finished = new JobStatusReport(Job(JobStatus.Completed) with { FinishedAt = Created.AddMinutes(9) }, [])
        {
            Eta = new JobEta(Created.AddMinutes(9), "finished"),
        };
        var summary = new JobSummary
        {
            JobId = finished.Job.JobId,
            Status = JobSummaryStatus.Completed,
            CreatedAt = Created,
            Deadline = Created.AddHours(4),
            Eta = new JobEta(Created.AddMinutes(8), "the plan at split time (real-time rate limits)"),
        };

        var runningText = Render(running, summary: null);
        var finishedText = Render(finished, summary);

        Assert.Contains("ETA │ 2026-11-22 06:07:00Z (real time: 0.4 lines/s so far, 60 lines left) │", runningText, StringComparison.Ordinal);
        Assert.Contains("Planned finish │ 2026-11-22 06:08:00Z (the plan at split time (real-time rate limits)) │", finishedText, StringComparison.Ordinal);
        Assert.DoesNotContain("ETA │", finishedText, StringComparison.Ordinal);
    }

    private static JobState Job(JobStatus status) => new()
    {
        JobId = "job_0123456789abcdef01234567",
        Source = new JobSource("jobs", "incoming/tickets.jsonl", "0x1"),
        Status = status,
        CreatedAt = Created,
        StartedAt = Created.AddSeconds(2),
        Deadline = Created.AddHours(4),
        Lines = 250,
        ShardCount = 3,
        ShardsFinished = status == JobStatus.Running ? [0] : [0, 1, 2],
    };

    private static string Render(JobStatusReport report, JobSummary? summary)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        JobStatusView.Write(console, report, summary);
        return Whitespace().Replace(writer.ToString(), " ");
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
