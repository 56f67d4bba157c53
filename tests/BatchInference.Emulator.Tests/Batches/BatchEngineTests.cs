using System.Text;
using BatchInference.Emulator.Batches;
using BatchInference.Emulator.Hosting;
using BatchInference.Testing;

namespace BatchInference.Emulator.Tests.Batches;

public sealed class BatchEngineTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_ThenClockAdvances_TheTimerAnswersLinesAtTheConfiguredSpeedWithoutAnyRead()
    {
        var clock = new ManualClock(Now);
        var state = new EmulatorState(new EmulatorOptions { BatchLinesPerSecond = 4, BatchFinalizationTime = TimeSpan.FromSeconds(1) }, clock);
        using var engine = state.Batches;
        engine.Create("b1", Descriptor(validates: false), Requests(10), []);

        clock.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = state.RequestLog.BillableCount;
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var afterAll = state.RequestLog.BillableCount;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(4, afterOneSecond);
        Assert.Equal(10, afterAll);
        Assert.Equal(BatchPhase.Completed, engine.Get("b1", EmulatorProviders.OpenAI)!.Phase);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void Create_ClockJumpsPastTheEnd_TimesAreWhenEachStepWasDueNotWhenNoticed()
    {
        var clock = new ManualClock(Now);
        var state = new EmulatorState(new EmulatorOptions { BatchLinesPerSecond = 4, BatchFinalizationTime = TimeSpan.FromSeconds(1) }, clock);
        using var engine = state.Batches;
        engine.Create("b1", Descriptor(validates: false), Requests(10), []);

        clock.Advance(TimeSpan.FromSeconds(10)); // one late timer, as after a long pause, instead of one per step

        var batch = engine.Get("b1", EmulatorProviders.OpenAI)!;
        Assert.Equal(BatchPhase.Completed, batch.Phase);
        Assert.Equal(Now.AddSeconds(2.5), batch.Times.FinalizingAt);
        Assert.Equal(Now.AddSeconds(3.5), batch.Times.CompletedAt);
        Assert.Equal(Enumerable.Range(1, 10).Select(line => Now.AddSeconds(line * 0.25)), state.RequestLog.Snapshot().Select(r => r.At));
    }

    [Theory]
    [InlineData(3600, 24)]
    [InlineData(86_400, 1)]
    [InlineData(1, 86_400)]
    public void Create_TimeScale_ExpiresAfterTheWindowDividedByTheScale(double scale, int seconds)
    {
        var clock = new ManualClock(Now);
        var state = new EmulatorState(new EmulatorOptions { BatchTimeScale = scale }, clock);
        using var engine = state.Batches;

        var batch = engine.Create("b1", Descriptor(validates: true), Requests(1), []);

        Assert.Equal(Now.AddSeconds(seconds), batch.Times.ExpiresAt);
        Assert.Equal(BatchPhase.Validating, batch.Phase);
    }

    [Fact]
    public void Get_OtherProvidersBatch_IsNotFound()
    {
        var state = new EmulatorState(new EmulatorOptions(), new ManualClock(Now));
        using var engine = state.Batches;
        engine.Create("b1", Descriptor(validates: true), Requests(1), []);

        Assert.Null(engine.Get("b1", EmulatorProviders.Anthropic));
        Assert.Empty(engine.List(EmulatorProviders.Anthropic));
        Assert.Single(engine.List(EmulatorProviders.OpenAI));
    }

    [Fact]
    public void Reset_WithARunningBatch_ForgetsItAndStopsTheTimer()
    {
        var clock = new ManualClock(Now);
        var state = new EmulatorState(new EmulatorOptions { BatchStall = true }, clock);
        using var engine = state.Batches;
        engine.Create("b1", Descriptor(validates: false), Requests(3), []);
        var timersWhileRunning = clock.PendingTimers;

        state.Reset();
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, timersWhileRunning);
        Assert.Null(engine.Get("b1", EmulatorProviders.OpenAI));
        Assert.Equal(0, clock.PendingTimers);
        Assert.Empty(state.RequestLog.Snapshot());
    }

    private static BatchDescriptor Descriptor(bool validates) =>
        new(EmulatorProviders.OpenAI, "/v1/chat/completions", "file-x", "24h", new Dictionary<string, string>(), validates);

    private static List<BatchRequest> Requests(int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => new BatchRequest(
            i, $"c{i}", "/v1/chat/completions", Encoding.UTF8.GetBytes(TestEmulator.ChatBody($"question {i}")))),
    ];
}
