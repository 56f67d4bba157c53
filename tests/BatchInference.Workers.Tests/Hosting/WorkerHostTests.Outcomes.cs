using BatchInference.Testing;
using BatchInference.Workers.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>Done, RunAgainAfter and failures: how each handler result is settled.</summary>
public sealed partial class WorkerHostTests
{
    [Fact]
    public async Task RunAsync_HandlerReturnsDone_CompletesMessage()
    {
        var (queue, poison) = await NewQueuesAsync();
        var receipt = await queue.SendAsync(BinaryData.FromString("job-1"));
        var handler = new RecordingHandler();
        await using var worker = Start(queue, poison, handler);

        await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the message to be completed", Bound);

        var call = Assert.Single(handler.Handled);
        Assert.Equal(receipt.MessageId, call.Message.Id);
        Assert.Equal("job-1", call.Text);
        Assert.Equal(1, call.Message.DequeueCount);
        Assert.Equal(0, await queue.GetApproximateCountAsync());
        Assert.Equal(1, worker.Stats.Received);
        Assert.Equal(0, worker.Stats.Failed + worker.Stats.Rescheduled + worker.Stats.Poisoned + worker.Stats.LockLost);
    }

    [Fact]
    public async Task RunAsync_HandlerReturnsRunAgainAfter_SendsDelayedCopyThenCompletesOriginal()
    {
        var (queue, poison) = await NewQueuesAsync();
        await queue.SendAsync(BinaryData.FromString("check-batch"));
        var handler = new RecordingHandler();
        handler.OnHandle = (_, _) => Task.FromResult(
            handler.Handled.Count == 1 ? WorkOutcome.RunAgainAfter(TimeSpan.FromSeconds(2)) : WorkOutcome.Done);
        await using var worker = Start(queue, poison, handler);

        await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the rescheduled copy to be handled", Bound);

        var calls = handler.Handled.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.NotEqual(calls[0].Message.Id, calls[1].Message.Id);
        Assert.Equal("check-batch", calls[1].Text);
        Assert.Equal(1, calls[1].Message.DequeueCount);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1.5), $"the copy came after {calls[1].At - calls[0].At}");
        Assert.Equal(1, worker.Stats.Rescheduled);
        Assert.Equal(0, worker.Stats.Failed);
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_RedeliversWithDequeueCount2AfterBackoff()
    {
        var (queue, poison) = await NewQueuesAsync();
        var receipt = await queue.SendAsync(BinaryData.FromString("secret-prompt-text"));
        var handler = new RecordingHandler();
        handler.OnHandle = (message, _) => message.DequeueCount == 1
            ? throw new InvalidOperationException("provider answered 500")
            : Task.FromResult(WorkOutcome.Done);
        var logger = new FakeLogger<WorkerHost>();
        var options = FastOptions();
        options.RetryBaseDelay = options.RetryMaxDelay = TimeSpan.FromSeconds(1);
        await using var worker = Start(queue, poison, handler, options, logger);

        await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the redelivered message to be completed", Bound);

        var calls = handler.Handled.ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(receipt.MessageId, calls[1].Message.Id);
        Assert.Equal(2, calls[1].Message.DequeueCount);
        // Back-off 1 s -20 % at least, rounded up to whole seconds by the queue; an immediate retry takes ~0.2 s.
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.8), $"redelivered after {calls[1].At - calls[0].At}");
        Assert.Equal(1, worker.Stats.Failed);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), e => e.Id.Id == 7013);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(receipt.MessageId, warning.Message, StringComparison.Ordinal);
        Assert.Contains("delivery 1", warning.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(warning.Exception);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), e => e.Message.Contains("secret-prompt-text", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_HandlerFailsEveryDelivery_EndsInPoisonQueueAfterMaxDeliveryCount()
    {
        var (queue, poison) = await NewQueuesAsync();
        var receipt = await queue.SendAsync(BinaryData.FromString("always-fails"));
        var handler = new RecordingHandler { OnHandle = (_, _) => throw new InvalidOperationException("bad request") };
        var options = FastOptions();
        options.MaxDeliveryCount = 1;
        await using var worker = Start(queue, poison, handler, options);

        await Poll.UntilAsync(() => worker.Stats.Poisoned == 1, "the message to be moved aside", Bound);
        await UntilEmptyAsync(queue, "the work queue to be empty");

        Assert.Single(handler.Handled);
        var poisonCall = Assert.Single(handler.Poisoned);
        Assert.Equal(receipt.MessageId, poisonCall.Message.Id);
        Assert.Equal("delivered 2 times without completing (max 1)", poisonCall.Reason);
        var moved = Assert.Single(await poison.ReceiveAsync(32, TimeSpan.FromSeconds(30)));
        Assert.Equal("always-fails", moved.Body.ToString());
        Assert.Equal(1, worker.Stats.Failed);
    }

    [Fact]
    public async Task RunAsync_DeliveredMoreThanMaxDeliveryCount_CallsOnPoisonOnceAndMovesBodyToPoisonQueue()
    {
        var (queue, poison) = await NewQueuesAsync();
        await queue.SendAsync(BinaryData.FromString("poison-body"));
        await DeliverAndAbandonAsync(queue, times: 5);
        var handler = new RecordingHandler();
        await using var worker = Start(queue, poison, handler);

        await Poll.UntilAsync(() => worker.Stats.Poisoned == 1, "the message to be moved aside", Bound);
        await UntilEmptyAsync(queue, "the work queue to be empty");

        Assert.Empty(handler.Handled);
        var poisonCall = Assert.Single(handler.Poisoned);
        Assert.Equal(6, poisonCall.Message.DequeueCount);
        Assert.Equal("delivered 6 times without completing (max 5)", poisonCall.Reason);
        var moved = Assert.Single(await poison.ReceiveAsync(32, TimeSpan.FromSeconds(30)));
        Assert.Equal("poison-body", moved.Body.ToString());
        Assert.Equal(1, moved.DequeueCount);
    }

    [Fact]
    public async Task RunAsync_OnPoisonThrows_LogsErrorAndStillMovesMessageAside()
    {
        var (queue, poison) = await NewQueuesAsync();
        await queue.SendAsync(BinaryData.FromString("poison-body"));
        await DeliverAndAbandonAsync(queue, times: 1);
        var handler = new RecordingHandler { OnPoison = (_, _, _) => throw new InvalidOperationException("job state unreadable") };
        var logger = new FakeLogger<WorkerHost>();
        var options = FastOptions();
        options.MaxDeliveryCount = 1;
        await using var worker = Start(queue, poison, handler, options, logger);

        await Poll.UntilAsync(() => worker.Stats.Poisoned == 1, "the message to be moved aside", Bound);
        await UntilEmptyAsync(queue, "the work queue to be empty");

        Assert.Single(handler.Poisoned);
        var error = Assert.Single(logger.Collector.GetSnapshot(), e => e.Id.Id == 7021);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal("poison-body", Assert.Single(await poison.ReceiveAsync(32, TimeSpan.FromSeconds(30))).Body.ToString());
    }

    /// <summary>Raises the message's dequeue count the way failed deliveries would, without waiting for back-offs.</summary>
    private static async Task DeliverAndAbandonAsync(Storage.Queues.IWorkQueue queue, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var message = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
            await queue.AbandonAsync(message, TimeSpan.Zero);
        }
    }
}
