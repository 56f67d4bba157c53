using System.Text;
using BatchInference.Emulator;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Realtime;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>The Anthropic Message Batches client against the provider emulator over HTTP.</summary>
public sealed partial class AnthropicBatchProviderTests
{
    [Fact]
    public async Task CreateAsync_Emulator_BatchEndsAndEveryMessageIsRead()
    {
        await using var api = await EmulatedBatchApi.StartAsync(ProviderKind.Anthropic, apiKey: "sk-ant-emu");

        var created = await api.Provider.CreateAsync(Key, api.Url, api.Lines("l1", "l2", "l3"));
        var (done, lines) = await api.EndAsync(created.Id);

        Assert.Equal(Key, created.Key);
        Assert.Equal(3, created.Total);
        Assert.Equal(ProviderBatchStatus.Completed, done.Status);
        Assert.Equal((3, 3, 0), (done.Total, done.Completed, done.Failed));
        Assert.Equal(["l1", "l2", "l3"], lines.Select(l => l.CustomId).Order());
        Assert.All(lines, l =>
        {
            Assert.True(l.Succeeded, l.ErrorMessage);
            Assert.Contains("\"type\":\"message\"", Encoding.UTF8.GetString(l.Body.Span), StringComparison.Ordinal);
            Assert.True(TokenUsageParser.Parse(l.Body)!.InputTokens > 0);
        });
        var paid = api.Emulator.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        Assert.Equal(3, paid.Count);
        Assert.All(paid, r => Assert.Equal((EmulatorTiers.Batch, EmulatorProviders.Anthropic), (r.Tier, r.Provider)));
    }

    [Fact]
    public async Task FindAsync_Emulator_AfterACrashFindsTheBatchByTimeAndSize()
    {
        await using var api = await EmulatedBatchApi.StartAsync(ProviderKind.Anthropic, o => o.BatchLinesPerSecond = 0.01);
        var notBefore = TimeProvider.System.GetUtcNow();
        var created = await api.Provider.CreateAsync(Key, api.Url, api.Lines("l1", "l2"));

        // The worker "crashed" before saving the batch id: a fresh provider must find the batch from what it recorded.
        var restarted = api.Restarted();
        var found = await restarted.FindAsync(Key, notBefore, 2);
        var otherSize = await restarted.FindAsync(Key, notBefore, 3);
        var later = await restarted.FindAsync(Key, notBefore + TimeSpan.FromMinutes(5), 2);

        Assert.Equal(created.Id, found?.Id);
        Assert.Equal(Key, found?.Key);
        Assert.Null(otherSize);
        Assert.Null(later);
    }
}
