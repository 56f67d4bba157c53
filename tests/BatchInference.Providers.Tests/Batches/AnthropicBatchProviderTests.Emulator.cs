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
        await using var emulator = await BatchEmulator.StartAsync(o => o.RequiredApiKey = "sk-ant-emu");
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(emulator.BaseAddress, "v1"), "sk-ant-emu");

        var created = await provider.CreateAsync(Key, "/v1/messages", [BatchTestEndpoints.MessageLine("l1"), BatchTestEndpoints.MessageLine("l2"), BatchTestEndpoints.MessageLine("l3")]);
        var done = await BatchEmulator.WaitAsync(provider, created.Id);
        var lines = await BatchTestEndpoints.ReadAllAsync(provider, done);

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
        var paid = emulator.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        Assert.Equal(3, paid.Count);
        Assert.All(paid, r => Assert.Equal((EmulatorTiers.Batch, EmulatorProviders.Anthropic), (r.Tier, r.Provider)));
    }

    [Fact]
    public async Task FindAsync_Emulator_AfterACrashFindsTheBatchByTimeAndSize()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.BatchLinesPerSecond = 0.01);
        var endpoint = new Uri(emulator.BaseAddress, "v1");
        var notBefore = TimeProvider.System.GetUtcNow();
        var created = await BatchTestEndpoints.Provider(ProviderKind.Anthropic, endpoint)
            .CreateAsync(Key, "/v1/messages", [BatchTestEndpoints.MessageLine("l1"), BatchTestEndpoints.MessageLine("l2")]);

        // The worker "crashed" before saving the batch id: a fresh provider must find the batch from what it recorded.
        var restarted = BatchTestEndpoints.Provider(ProviderKind.Anthropic, endpoint);
        var found = await restarted.FindAsync(Key, notBefore, 2);
        var otherSize = await restarted.FindAsync(Key, notBefore, 3);
        var later = await restarted.FindAsync(Key, notBefore + TimeSpan.FromMinutes(5), 2);

        Assert.Equal(created.Id, found?.Id);
        Assert.Equal(Key, found?.Key);
        Assert.Null(otherSize);
        Assert.Null(later);
    }

    [Fact]
    public async Task CancelAsync_Emulator_EndsCancelledAndUnansweredRequestsNeverRan()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.BatchLinesPerSecond = 0.01);
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(emulator.BaseAddress, "v1"));
        var created = await provider.CreateAsync(Key, "/v1/messages", [BatchTestEndpoints.MessageLine("l1"), BatchTestEndpoints.MessageLine("l2")]);

        var cancelling = await provider.CancelAsync(created.Id);
        var ended = await BatchEmulator.WaitAsync(provider, created.Id);
        var lines = await BatchTestEndpoints.ReadAllAsync(provider, ended);

        Assert.Contains(cancelling.Status, new[] { ProviderBatchStatus.Cancelling, ProviderBatchStatus.Cancelled });
        Assert.Equal(ProviderBatchStatus.Cancelled, ended.Status);
        Assert.Equal(["l1", "l2"], lines.Select(l => l.CustomId).Order());
        Assert.All(lines, l => Assert.True(l.Succeeded || (l.ErrorCode == BatchErrorCodes.Cancelled && l.NeverRan), l.ErrorCode));
        Assert.Contains(lines, l => l.NeverRan);
    }

    [Fact]
    public async Task ReadResultsAsync_EmulatorBatchExpiresHalfDone_KeepsAnswersAndMarksTheRestExpired()
    {
        await using var emulator = await BatchEmulator.StartAsync(o => o.BatchExpireAfterFraction = 0.5);
        var provider = BatchTestEndpoints.Provider(ProviderKind.Anthropic, new Uri(emulator.BaseAddress, "v1"));

        var created = await provider.CreateAsync(Key, "/v1/messages", Enumerable.Range(1, 4).Select(i => BatchTestEndpoints.MessageLine($"l{i}")).ToList());
        var ended = await BatchEmulator.WaitAsync(provider, created.Id);
        var results = await BatchTestEndpoints.ReadAllAsync(provider, ended);

        Assert.Equal(ProviderBatchStatus.Expired, ended.Status);
        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.Equal(2, results.Count(r => r.ErrorCode == BatchErrorCodes.Expired && r.NeverRan));
    }
}
