using System.Diagnostics;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Providers.Telemetry;

namespace BatchInference.Orchestrations.Tests.Telemetry;

public sealed class ActivitySpanTests
{
    [Fact]
    public void Dispose_ActivityThrewBeforeComplete_MarksSpanFailed()
    {
        using var capture = new TelemetryCapture();
        var jobId = "span-" + Guid.NewGuid().ToString("N");

        using (EngineTelemetry.StartActivity("ShardSlice", "instance-1", jobId, shard: 3))
        {
            // The activity throws here: Complete is never called.
        }

        var span = Assert.Single(capture.SpansOf(jobId));
        Assert.Equal("ShardSlice", span.OperationName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(3, span.GetTagItem(BatchInferenceTelemetry.ShardTag));
        Assert.Equal("instance-1", span.GetTagItem("bi.instance_id"));
        Assert.Null(span.GetTagItem("bi.outcome"));
    }

    [Fact]
    public void Complete_TagsOutcomeDone_SpanNotFailed()
    {
        using var capture = new TelemetryCapture();
        var jobId = "span-" + Guid.NewGuid().ToString("N");

        using (var span = EngineTelemetry.StartActivity("FinishJob", "instance-2", jobId, shard: null))
        {
            span.Complete();
        }

        var finished = Assert.Single(capture.SpansOf(jobId));
        Assert.Equal("done", finished.GetTagItem("bi.outcome"));
        Assert.NotEqual(ActivityStatusCode.Error, finished.Status);
        Assert.Null(finished.GetTagItem(BatchInferenceTelemetry.ShardTag));
    }
}
