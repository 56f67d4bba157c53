using BatchInference.Providers.Batches;

namespace BatchInference.Providers.Tests.Batches;

/// <summary>What every batch API client does the same way, against the provider emulator over HTTP, for each kind.</summary>
public sealed class BatchApiProviderTests
{
    private static readonly BatchKey Key = new("job-c", 1, 1);

    [Theory]
    [InlineData(ProviderKind.OpenAI)]
    [InlineData(ProviderKind.Anthropic)]
    public async Task CancelAsync_EmulatorBatchRunning_EndsCancelledAndUnansweredLinesNeverRan(ProviderKind kind)
    {
        await using var api = await EmulatedBatchApi.StartAsync(kind, o => o.BatchLinesPerSecond = 0.01);
        var created = await api.Provider.CreateAsync(Key, api.Url, api.Lines("l1", "l2"));
        await BatchEmulator.WaitAsync(api.Provider, created.Id, b => b.Status == ProviderBatchStatus.InProgress);

        var cancelling = await api.Provider.CancelAsync(created.Id);
        var (ended, lines) = await api.EndAsync(created.Id);

        Assert.Contains(cancelling.Status, new[] { ProviderBatchStatus.Cancelling, ProviderBatchStatus.Cancelled });
        Assert.Equal(ProviderBatchStatus.Cancelled, ended.Status);
        Assert.Equal(["l1", "l2"], lines.Select(l => l.CustomId).Order());
        Assert.All(lines, l => Assert.True(l.Succeeded || (l.ErrorCode == BatchErrorCodes.Cancelled && l.NeverRan), l.ErrorCode));
        Assert.Contains(lines, l => l.NeverRan);
        Assert.Equal(api.Emulator.RequestLog.Snapshot().Count(r => r.Billable), lines.Count(l => l.Succeeded));
    }

    [Theory]
    [InlineData(ProviderKind.OpenAI)]
    [InlineData(ProviderKind.Anthropic)]
    public async Task ReadResultsAsync_EmulatorBatchExpiresHalfDone_KeepsAnswersAndMarksTheRestExpired(ProviderKind kind)
    {
        await using var api = await EmulatedBatchApi.StartAsync(kind, o => o.BatchExpireAfterFraction = 0.5);

        var created = await api.Provider.CreateAsync(Key, api.Url, api.Lines("l1", "l2", "l3", "l4"));
        var (ended, results) = await api.EndAsync(created.Id);

        Assert.Equal(ProviderBatchStatus.Expired, ended.Status);
        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.Equal(2, results.Count(r => r.ErrorCode == BatchErrorCodes.Expired && r.NeverRan));
        Assert.Equal(["l1", "l2", "l3", "l4"], results.Select(r => r.CustomId).Order());
    }
}
