using System.Text;
using BatchInference.Emulator;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Realtime;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>The OpenAI batch client against the provider emulator over HTTP.</summary>
public sealed partial class OpenAIBatchProviderTests
{
    [Fact]
    public async Task CreateAsync_Emulator_BatchCompletesAndEveryLineIsAnswered()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.RequiredApiKey = "sk-emu");
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, new Uri(emulator.BaseAddress, "v1"), "sk-emu");

        var created = await provider.CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.ChatLine("l1"), BatchTestEndpoints.ChatLine("l2"), BatchTestEndpoints.ChatLine("l3")]);
        var done = await BatchEmulator.WaitAsync(provider, created.Id);
        var lines = await BatchTestEndpoints.ReadAllAsync(provider, done);

        Assert.Equal(Key, created.Key);
        Assert.Equal(ProviderBatchStatus.Completed, done.Status);
        Assert.Equal((3, 3, 0), (done.Total, done.Completed, done.Failed));
        Assert.Equal(["l1", "l2", "l3"], lines.Select(l => l.CustomId).Order());
        Assert.All(lines, l =>
        {
            Assert.True(l.Succeeded, l.ErrorMessage);
            Assert.Contains("chat.completion", Encoding.UTF8.GetString(l.Body.Span), StringComparison.Ordinal);
            Assert.True(TokenUsageParser.Parse(l.Body)!.InputTokens > 0);
        });
        var paid = emulator.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        Assert.Equal(3, paid.Count);
        Assert.All(paid, r => Assert.Equal(EmulatorTiers.Batch, r.Tier));
    }

    [Fact]
    public async Task FindAsync_Emulator_AfterACrashFindsTheBatchButNotForAnotherKey()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.BatchLinesPerSecond = 0.01);
        var endpoint = new Uri(emulator.BaseAddress, "v1");
        var notBefore = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        var created = await BatchTestEndpoints.Provider(ProviderKind.OpenAI, endpoint)
            .CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.ChatLine("l1"), BatchTestEndpoints.ChatLine("l2")]);

        // The worker "crashed" before saving the batch id: a fresh provider must find the batch from the key alone.
        var restarted = BatchTestEndpoints.Provider(ProviderKind.OpenAI, endpoint);
        var found = await restarted.FindAsync(Key, notBefore, 2);
        var nextAttempt = await restarted.FindAsync(Key with { Attempt = Key.Attempt + 1 }, notBefore, 2);
        var otherJob = await restarted.FindAsync(Key with { JobId = "job-other" }, notBefore, 2);

        Assert.Equal(created.Id, found?.Id);
        Assert.Equal(Key, found?.Key);
        Assert.Null(nextAttempt);
        Assert.Null(otherJob);
    }

    [Fact]
    public async Task CancelAsync_Emulator_EndsCancelledAndUnansweredLinesNeverRan()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.BatchLinesPerSecond = 0.01);
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, new Uri(emulator.BaseAddress, "v1"));
        var created = await provider.CreateAsync(Key, "/v1/chat/completions", [BatchTestEndpoints.ChatLine("l1"), BatchTestEndpoints.ChatLine("l2")]);
        await BatchEmulator.WaitAsync(provider, created.Id, b => b.Status == ProviderBatchStatus.InProgress);

        var cancelling = await provider.CancelAsync(created.Id);
        var ended = await BatchEmulator.WaitAsync(provider, created.Id);
        var lines = await BatchTestEndpoints.ReadAllAsync(provider, ended);

        Assert.Contains(cancelling.Status, new[] { ProviderBatchStatus.Cancelling, ProviderBatchStatus.Cancelled });
        Assert.Equal(ProviderBatchStatus.Cancelled, ended.Status);
        Assert.Equal(["l1", "l2"], lines.Select(l => l.CustomId).Order());
        Assert.All(lines, l => Assert.True(l.Succeeded || (l.ErrorCode == BatchErrorCodes.Cancelled && l.NeverRan), l.ErrorCode));
        Assert.Contains(lines, l => l.NeverRan);
        Assert.Equal(emulator.RequestLog.Snapshot().Count(r => r.Billable), lines.Count(l => l.Succeeded));
    }

    [Fact]
    public async Task ReadResultsAsync_EmulatorBatchExpiresHalfDone_KeepsAnswersAndMarksTheRestExpired()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.BatchExpireAfterFraction = 0.5);
        var provider = BatchTestEndpoints.Provider(ProviderKind.OpenAI, new Uri(emulator.BaseAddress, "v1"));
        var lines = Enumerable.Range(1, 4).Select(i => BatchTestEndpoints.ChatLine($"l{i}")).ToList();

        var created = await provider.CreateAsync(Key, "/v1/chat/completions", lines);
        var ended = await BatchEmulator.WaitAsync(provider, created.Id);
        var results = await BatchTestEndpoints.ReadAllAsync(provider, ended);

        Assert.Equal(ProviderBatchStatus.Expired, ended.Status);
        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.Equal(2, results.Count(r => r.ErrorCode == BatchErrorCodes.Expired && r.NeverRan));
        Assert.Equal(["l1", "l2", "l3", "l4"], results.Select(r => r.CustomId).Order());
    }
}
