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
        await using var api = await EmulatedBatchApi.StartAsync(ProviderKind.OpenAI, apiKey: "sk-emu");

        var created = await api.Provider.CreateAsync(Key, api.Url, api.Lines("l1", "l2", "l3"));
        var (done, lines) = await api.EndAsync(created.Id);

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
        var paid = api.Emulator.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        Assert.Equal(3, paid.Count);
        Assert.All(paid, r => Assert.Equal(EmulatorTiers.Batch, r.Tier));
    }

    [Fact]
    public async Task FindAsync_Emulator_AfterACrashFindsTheBatchButNotForAnotherKey()
    {
        await using var api = await EmulatedBatchApi.StartAsync(ProviderKind.OpenAI, o => o.BatchLinesPerSecond = 0.01);
        var notBefore = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        var created = await api.Provider.CreateAsync(Key, api.Url, api.Lines("l1", "l2"));

        // The worker "crashed" before saving the batch id: a fresh provider must find the batch from the key alone.
        var restarted = api.Restarted();
        var found = await restarted.FindAsync(Key, notBefore, 2);
        var nextAttempt = await restarted.FindAsync(Key with { Attempt = Key.Attempt + 1 }, notBefore, 2);
        var otherJob = await restarted.FindAsync(Key with { JobId = "job-other" }, notBefore, 2);

        Assert.Equal(created.Id, found?.Id);
        Assert.Equal(Key, found?.Key);
        Assert.Null(nextAttempt);
        Assert.Null(otherJob);
    }
}
