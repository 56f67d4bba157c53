using System.Collections.Concurrent;
using System.Diagnostics;
using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Workers.Tests.Support;
using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>Concurrency limits, several hosts on one queue, and locks held (or lost) while handlers run.</summary>
public sealed partial class WorkerHostTests
{
    [Fact]
    public async Task RunAsync_MoreMessagesThanSlots_NeverRunsMoreThanMaxConcurrentMessages()
    {
        var (queue, poison) = await NewQueuesAsync();
        for (var i = 0; i < 10; i++)
        {
            await queue.SendAsync(BinaryData.FromString($"m-{i}"));
        }

        using var gate = new SemaphoreSlim(0);
        int running = 0, maxRunning = 0;
        var handler = new RecordingHandler
        {
            OnHandle = async (_, cancellationToken) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                await gate.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref running);
                return WorkOutcome.Done;
            },
        };
        var options = FastOptions();
        options.MaxConcurrentMessages = 3;
        await using var worker = Start(queue, poison, handler, options);

        await Poll.UntilAsync(() => Volatile.Read(ref running) == 3, "three handlers to be running", Bound);
        Assert.Equal(3, worker.Stats.Received);
        Assert.Equal(3, worker.Stats.Running);
        gate.Release(10);
        await Poll.UntilAsync(() => worker.Stats.Completed == 10, "all messages to be completed", Bound);

        Assert.Equal(3, Volatile.Read(ref maxRunning));
        Assert.Equal(10, handler.Handled.Count);
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task RunAsync_TwoHostsOnOneQueue_HandleEachMessageOnce()
    {
        var (queue, poison) = await NewQueuesAsync();
        var expected = Enumerable.Range(0, 20).Select(i => $"m-{i:00}").ToList();
        foreach (var text in expected)
        {
            await queue.SendAsync(BinaryData.FromString(text));
        }

        var counts = new ConcurrentDictionary<string, int>();
        var handler = new RecordingHandler
        {
            OnHandle = async (message, _) =>
            {
                counts.AddOrUpdate(message.Body.ToString(), 1, (_, n) => n + 1);
                await Task.Yield();
                return WorkOutcome.Done;
            },
        };
        var options = FastOptions();
        options.MaxConcurrentMessages = 4;
        // Separate clients, as separate `bi worker` processes would have.
        await using var first = Start(NewClient(queue.QueueName), poison, handler, options);
        await using var second = Start(NewClient(queue.QueueName), poison, handler, options);

        await Poll.UntilAsync(() => first.Stats.Completed + second.Stats.Completed == 20, "all messages to be completed", Bound);

        Assert.Equal(expected, counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts, pair => Assert.Equal(1, pair.Value));
        Assert.Equal(20, first.Stats.Received + second.Stats.Received);
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task RunAsync_HandlerOutlastsLockDuration_KeepsLockSoNoOneElseReceivesIt()
    {
        var (queue, poison) = await NewQueuesAsync();
        await queue.SendAsync(BinaryData.FromString("long-job"));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            OnHandle = async (_, cancellationToken) =>
            {
                started.TrySetResult();
                await release.Task.WaitAsync(cancellationToken);
                return WorkOutcome.Done;
            },
        };
        var options = FastOptions();
        options.LockDuration = TimeSpan.FromSeconds(1);
        await using var worker = Start(queue, poison, handler, options);
        await started.Task.WaitAsync(Bound);

        // The lock lapses on Azurite's clock, so proving it is renewed means letting three lock durations pass there
        // while a rival receiver keeps trying.
        var rival = NewClient(queue.QueueName);
        var stolen = new List<WorkQueueMessage>();
        var watch = Stopwatch.StartNew();
        await Poll.UntilAsync(
            async () =>
            {
                stolen.AddRange(await rival.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
                return watch.Elapsed > 3 * options.LockDuration;
            },
            "three lock durations of rival receives",
            Bound,
            TimeSpan.FromMilliseconds(200));
        Assert.Empty(stolen);
        release.SetResult();

        await Poll.UntilAsync(() => worker.Stats.Completed == 1, "the long job to be completed", Bound);
        Assert.Single(handler.Handled);
        Assert.Equal(0, worker.Stats.LockLost);
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task RunAsync_LockLostWhileHandling_CancelsHandlerAndSettlesNothing()
    {
        var (queue, poison) = await NewQueuesAsync();
        await queue.SendAsync(BinaryData.FromString("doomed"));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            OnHandle = async (_, cancellationToken) =>
            {
                started.TrySetResult();
                try
                {
                    await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }

                return WorkOutcome.Done;
            },
        };
        var logger = new FakeLogger<WorkerHost>();
        var options = FastOptions();
        options.LockDuration = TimeSpan.FromSeconds(1);
        await using var worker = Start(queue, poison, handler, options, logger);
        await started.Task.WaitAsync(Bound);

        // Deleting the queue's messages out from under the worker: its next renewal finds the message gone.
        await queue.DeleteIfExistsAsync();
        await queue.CreateIfNotExistsAsync();
        await cancelled.Task.WaitAsync(Bound);
        await Poll.UntilAsync(() => worker.Stats.LockLost == 1 && worker.Stats.Running == 0, "the lost lock to be recorded", Bound);

        Assert.Equal(1, logger.Collector.GetSnapshot().Count(e => e.Id.Id == 7016));
        Assert.Equal(0, worker.Stats.Completed + worker.Stats.Failed);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), e => e.Id.Id is 7011 or 7013 or 7014 or 7015);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
