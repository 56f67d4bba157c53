using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Cli.Tests.Views;

public sealed partial class JobStatusViewTests
{
    [Fact]
    public void Write_EndedJobWithDeliveries_OneRowEachWithStateAttemptsAndNextTryButNeverTheUrl()
    {
        var at = Created.AddMinutes(5);
        var report = new JobStatusReport(Job(JobStatus.Completed) with { FinishedAt = at }, [])
        {
            Notifications =
            [
                new("webhook", "job.completed", "https://hooks.example.com (0123456789abcdef)", "delivered", 1, at, null, 204, null),
                new("webhook", "batch.completed", "https://ops.example.com (fedcba9876543210)", "retrying", 3, at, at.AddMinutes(2), 503, "The receiver answered 503."),
                new("eventgrid", "job.completed", "https://t.westeurope-1.eventgrid.azure.net (00112233aabbccdd)", "given_up", 30, at, null, null, "Event Grid could not be reached: boom"),
            ],
        };

        var text = Render(report, summary: null);

        Assert.Contains("│ job.completed │ https://hooks.example.com (0123456789abcdef) │ delivered │ 1 │ 2026-11-22 06:05:00Z │", text, StringComparison.Ordinal);
        Assert.Contains("│ batch.completed │ https://ops.example.com (fedcba9876543210) │ retrying The receiver answered 503. │ 3 │ next 2026-11-22 06:07:00Z │", text, StringComparison.Ordinal);
        Assert.Contains("│ job.completed │ Event Grid https://t.westeurope-1.eventgrid.azure.net (00112233aabbccdd) │ given up Event Grid could not be reached: boom │ 30 │", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoDeliveries_NoNotificationsTable()
    {
        Assert.DoesNotContain("Notifications", Render(new JobStatusReport(Job(JobStatus.Completed), []), summary: null), StringComparison.Ordinal);
    }
}
