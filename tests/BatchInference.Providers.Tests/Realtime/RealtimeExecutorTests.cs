using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BatchInference.Emulator;
using BatchInference.Providers.Realtime;
using BatchInference.Providers.Tests.Infrastructure;
using BatchInference.Testing;

namespace BatchInference.Providers.Tests.Realtime;

public sealed class RealtimeExecutorTests
{
    private static readonly CaptureReply Ok = new(200, """{"object":"chat.completion","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1}}""");

    [Fact]
    public async Task RunAsync_429Storm_EveryRequestSucceedsAndIsBilledOnce()
    {
        // 5 requests a second against 16 sent at once: the storm does not depend on how fast this machine sends (at
        // 100 a second, a loaded machine never got a 429 and the test proved nothing).
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            RequestsPerMinute = 5, RateLimitWindow = TimeSpan.FromSeconds(1), Seed = 1,
        });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"), o => o.MaxConcurrency = 16);
        var ids = Enumerable.Range(0, 60).Select(i => $"r{i}").ToList();

        // With a deadline, as the engine sends every line: a 429 then costs a line time, not one of its attempts.
        var outcomes = await RunAllAsync(new RealtimeExecutor(client), ids, TimeProvider.System.GetUtcNow().AddMinutes(10));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, $"{o.CustomId}: {o.ErrorCode} {o.ErrorMessage}"));
        Assert.Equal(ids.Order(), outcomes.Select(o => o.CustomId).Order());
        Assert.Equal(60, emulator.RequestLog.BillableCount);
        var log = emulator.RequestLog.Snapshot();
        Assert.Contains(log, r => r.StatusCode == 429);
        AssertOneBillablePerRequest(log, ids);
    }

    [Fact]
    public async Task RunAsync_FivePercentServerErrors_EveryRequestSucceedsAndIsBilledOnce()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ServerErrorRate = 0.05, Seed = 1 });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"));
        var ids = Enumerable.Range(0, 400).Select(i => $"r{i}").ToList();

        var outcomes = await RunAllAsync(new RealtimeExecutor(client), ids);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, $"{o.CustomId}: {o.ErrorCode} {o.ErrorMessage}"));
        Assert.Equal(400, emulator.RequestLog.BillableCount);
        var log = emulator.RequestLog.Snapshot();
        Assert.Contains(log, r => r.StatusCode >= 500);
        AssertOneBillablePerRequest(log, ids);
        Assert.Equal(log.Count, outcomes.Sum(o => o.Attempts.Count)); // one emulator request per attempt record
    }

    [Fact]
    public async Task RunAsync_ClientRateBelowProviderLimit_NoRequestIsThrottled()
    {
        // Client: 600 RPM with a 1 s burst = at most 10 + 10/s; emulator: 25 per second. No 429 may happen.
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            RequestsPerMinute = 25, RateLimitWindow = TimeSpan.FromSeconds(1), Seed = 1,
        });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"), o =>
        {
            o.RequestsPerMinute = 600;
            o.RateLimitBurst = TimeSpan.FromSeconds(1);
        });
        var ids = Enumerable.Range(0, 25).Select(i => $"r{i}").ToList();

        var outcomes = await RunAllAsync(new RealtimeExecutor(client), ids);

        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.DoesNotContain(emulator.RequestLog.Snapshot(), r => r.StatusCode == 429);
        Assert.All(outcomes, o => Assert.Single(o.Attempts));
    }

    [Fact]
    public async Task RunAsync_SendsHeldOpen_StopsAtMaxConcurrencyAndDeliversSerially()
    {
        const int max = 4;
        const int total = 12;
        var inFlight = 0;
        var maxInFlight = 0;
        var pulled = 0;
        var held = new ConcurrentQueue<TaskCompletionSource<RealtimeOutcome>>();
        Task<RealtimeOutcome> Send(RealtimeRequest request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            var reply = new TaskCompletionSource<RealtimeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            held.Enqueue(reply);
            return reply.Task.ContinueWith(
                t =>
                {
                    Interlocked.Decrement(ref inFlight);
                    return t.Result;
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        var insideCallback = 0;
        var overlapped = false;
        var delivered = new List<string>();
        var run = new RealtimeExecutor(Send, max).RunAsync(
            Requests(total, onYield: () => Interlocked.Increment(ref pulled)),
            async (outcome, _) =>
            {
                overlapped |= Interlocked.Increment(ref insideCallback) > 1;
                await Task.Yield();
                delivered.Add(outcome.CustomId);
                Interlocked.Decrement(ref insideCallback);
            });

        // Nothing answers yet: the executor must send exactly `max`, take one more request and wait for a slot.
        await Poll.UntilAsync(() => Volatile.Read(ref inFlight) == max && Volatile.Read(ref pulled) == max + 1, "the executor to fill its slots");
        Assert.Equal(max, Volatile.Read(ref maxInFlight));

        // Answer one at a time: each answer frees exactly one slot.
        var answered = 0;
        while (answered < total)
        {
            await Poll.UntilAsync(() => !held.IsEmpty, "a request to answer");
            held.TryDequeue(out var reply);
            reply!.SetResult(new RealtimeOutcome($"r{answered}", true, 200, null, ReadOnlyMemory<byte>.Empty, null, null, []));
            answered++;
        }

        await run.WaitAsync(Poll.HangGuard);
        Assert.Equal(max, maxInFlight);
        Assert.False(overlapped);
        Assert.Equal(total, delivered.Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTakingRequestsAndThrows()
    {
        var hold = new TaskCompletionSource<CaptureReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await CaptureServer.StartAsync((_, aborted) => hold.Task.WaitAsync(aborted));
        using var release = new Release(hold, Ok); // disposed before the server: nothing is left held at shutdown
        var client = TestEndpoints.Client(server.Endpoint, o => o.MaxConcurrency = 3);
        var pulled = 0;
        using var cancellation = new CancellationTokenSource();
        var delivered = 0;

        var run = new RealtimeExecutor(client).RunAsync(
            Requests(100, onYield: () => Interlocked.Increment(ref pulled)),
            (_, _) =>
            {
                Interlocked.Increment(ref delivered);
                return ValueTask.CompletedTask;
            },
            cancellation.Token);
        await Poll.UntilAsync(() => server.Requests.Count == 3, "three requests in flight");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(3, server.Requests.Count);
        Assert.InRange(pulled, 3, 4); // the fourth may have been read while it waited for a slot, but never sent
        Assert.Equal(0, delivered);
    }

    [Fact]
    public async Task RunAsync_CallbackThrows_StopsAndRethrows()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(server.Endpoint, o => o.MaxConcurrency = 2);
        var calls = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new RealtimeExecutor(client).RunAsync(
            Requests(1000),
            (_, _) => ++calls == 3 ? throw new InvalidOperationException("disk full") : ValueTask.CompletedTask));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(3, calls);
        Assert.True(server.Requests.Count < 1000);
    }

    private static async Task<List<RealtimeOutcome>> RunAllAsync(RealtimeExecutor executor, IEnumerable<string> ids, DateTimeOffset? deadline = null)
    {
        var outcomes = new List<RealtimeOutcome>();
        await executor.RunAsync(ToAsync(ids.Select(id => TestEndpoints.Chat(id, prefix: "job") with { Deadline = deadline })), (outcome, _) =>
        {
            outcomes.Add(outcome); // serialized by the executor: no lock needed
            return ValueTask.CompletedTask;
        });
        return outcomes;
    }

    private static void AssertOneBillablePerRequest(IReadOnlyList<EmulatorRequestRecord> log, IEnumerable<string> ids)
    {
        var billed = log.Where(r => r.Billable).GroupBy(r => TestEndpoints.PrefixOf(r.ClientRequestId!)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ids.Select(id => $"job:{id}").Order(), billed.Keys.Order());
        Assert.All(billed, pair => Assert.Equal(1, pair.Value));
    }

    private static async IAsyncEnumerable<RealtimeRequest> Requests(int count, Action? onYield = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            onYield?.Invoke();
            yield return TestEndpoints.Chat($"r{i}");
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async IAsyncEnumerable<RealtimeRequest> ToAsync(IEnumerable<RealtimeRequest> requests)
    {
        foreach (var request in requests)
        {
            await Task.Yield();
            yield return request;
        }
    }
}
