using System.Diagnostics;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Providers.Telemetry;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Tests.Telemetry;

public sealed class MessageSpanTests
{
    [Fact]
    public void Dispose_HandlerThrewBeforeComplete_MarksSpanFailed()
    {
        using var capture = new TelemetryCapture();
        var jobId = "span-" + Guid.NewGuid().ToString("N");

        using (EngineTelemetry.StartMessage(new RunShard(jobId, 3), "message-1", deliveries: 2))
        {
            // The handler throws here: Complete is never called.
        }

        var span = Assert.Single(capture.SpansOf(jobId));
        Assert.Equal("RunShard", span.OperationName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(3, span.GetTagItem(BatchInferenceTelemetry.ShardTag));
        Assert.Equal(2, span.GetTagItem("bi.delivery"));
        Assert.Equal("message-1", span.GetTagItem("messaging.message.id"));
        Assert.Null(span.GetTagItem("bi.outcome"));
    }

    [Fact]
    public void Complete_Rescheduled_TagsOutcomeAndReturnsItUnchanged()
    {
        using var capture = new TelemetryCapture();
        var jobId = "span-" + Guid.NewGuid().ToString("N");
        var later = WorkOutcome.RunAgainAfter(TimeSpan.FromSeconds(5));

        WorkOutcome returned;
        using (var span = EngineTelemetry.StartMessage(new FinishJob(jobId), "message-2", deliveries: 1))
        {
            returned = span.Complete(later);
        }

        Assert.Same(later, returned);
        var finished = Assert.Single(capture.SpansOf(jobId));
        Assert.Equal("rescheduled", finished.GetTagItem("bi.outcome"));
        Assert.NotEqual(ActivityStatusCode.Error, finished.Status);
        Assert.Null(finished.GetTagItem(BatchInferenceTelemetry.ShardTag));
    }
}
