using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Workers.Tests.Support;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>Stopping: running handlers are cancelled, finished ones settled, unfinished ones handed back at once.</summary>
public sealed partial class WorkerHostTests
{
    [Fact]
    public async Task RunAsync_Stopped_AbandonsUnfinishedMessagesSoTheyAreImmediatelyReceivable()
    {
        var (queue, poison) = await NewQueuesAsync();
        foreach (var text in (string[])["honours-cancel", "ignores-cancel", "finishes-on-cancel"])
        {
            await queue.SendAsync(BinaryData.FromString(text));
        }

        var lateRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            OnHandle = async (message, cancellationToken) =>
            {
                switch (message.Body.ToString())
                {
                    case "honours-cancel":
                        await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
                        break;
                    case "ignores-cancel":
                        await lateRelease.Task;
                        break;
                    default:
                        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        using (cancellationToken.Register(stop.SetResult))
                        {
                            await stop.Task;
                        }

                        break;
                }

                return WorkOutcome.Done;
            },
        };
        var options = FastOptions();
        options.StopTimeout = TimeSpan.FromMilliseconds(500);
        await using var worker = Start(queue, poison, handler, options);
        await Poll.UntilAsync(() => handler.Handled.Count == 3, "three handlers to be running", Bound);

        await worker.StopAsync();
        var rival = NewClient(queue.QueueName);
        var handedBack = await rival.ReceiveAsync(32, TimeSpan.FromSeconds(30));

        Assert.Equal(["honours-cancel", "ignores-cancel"], handedBack.Select(m => m.Body.ToString()).Order(StringComparer.Ordinal));
        Assert.All(handedBack, m => Assert.Equal(2, m.DequeueCount));
        Assert.Equal(1, worker.Stats.Completed);
        Assert.Equal(0, worker.Stats.Failed);

        // The handler that ignored cancellation finishes late: it must leave the message it no longer owns alone.
        lateRelease.SetResult();
        await Poll.UntilAsync(() => worker.Stats.Running == 0, "the late handler to return", Bound);
        Assert.Equal(1, worker.Stats.Completed);
        foreach (var message in handedBack)
        {
            Assert.Equal(SettleOutcome.Applied, await rival.CompleteAsync(message));
        }
    }

    [Fact]
    public async Task RunAsync_CancelledWhileIdle_ReturnsWithoutThrowing()
    {
        var (queue, poison) = await NewQueuesAsync();
        await queue.SendAsync(BinaryData.FromString("one"));
        var worker = Start(queue, poison, new RecordingHandler());
        await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the worker to be working", Bound);

        await worker.StopAsync();

        Assert.True(worker.Run.IsCompletedSuccessfully);
        await worker.DisposeAsync();
    }
}
