using BatchInference.Cli.Commands;
using BatchInference.Jobs.Summary;

namespace BatchInference.Cli.Tests.Commands;

public sealed class ExitCodesTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(JobSummaryStatus.Completed, 0, 0, ExitCodes.Ok)]
    [InlineData(JobSummaryStatus.CompletedWithErrors, 0, 3, ExitCodes.Ok)] // invalid input lines only
    [InlineData(JobSummaryStatus.CompletedWithErrors, 1000, 0, ExitCodes.LinesFailed)] // e.g. every line deadline_exceeded
    [InlineData(JobSummaryStatus.Failed, 0, 0, ExitCodes.Failed)]
    public void For_Summary_IsNonZeroWhenLinesFailedAtTheProvider(JobSummaryStatus status, long failed, long invalid, int expected)
    {
        var summary = new JobSummary
        {
            JobId = "job",
            Status = status,
            CreatedAt = Created,
            Deadline = Created.AddHours(1),
            Counts = new JobLineCounts { Total = 1000 + invalid, Succeeded = 1000 - failed, Failed = failed, Invalid = invalid },
        };

        Assert.Equal(expected, ExitCodes.For(summary));
    }
}
