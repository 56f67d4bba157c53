using BatchInference.Emulator;
using BatchInference.Jobs.Output;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Providers;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>
/// The job engine end to end on real parts: jobs dropped into Azurite, requests answered by the provider emulator over
/// HTTP, the spend report read back with DuckDB. Split by concern into partial files.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed partial class JobEngineTests(AzuriteFixture azurite)
{
    private Task<EngineHarness> StartAsync(
        Action<EmulatorOptions>? emulator = null,
        Action<ProviderEndpointOptions>? provider = null,
        Action<EngineOptions>? engine = null,
        TimeProvider? time = null,
        int workers = 1) =>
        EngineHarness.StartAsync(azurite, emulator, provider, engine, time, workers);

    private static void AssertSuccesses(IReadOnlyList<ExpectedSuccess> expected, IReadOnlyList<BatchOutputLine> output, string jobId)
    {
        Assert.Equal(expected.Select(e => e.CustomId), output.Select(o => o.CustomId));
        foreach (var (want, line) in expected.Zip(output))
        {
            Assert.Null(line.Error);
            Assert.Equal(BatchRequestId.Create(jobId, want.Line), line.Id);
            Assert.NotNull(line.Response);
            Assert.Equal(200, line.Response.StatusCode);
            Assert.False(string.IsNullOrEmpty(line.Response.RequestId));
        }
    }

    private static void AssertErrors(IReadOnlyList<ExpectedError> expected, IReadOnlyList<BatchOutputLine> errors, string jobId)
    {
        Assert.Equal(
            expected.Select(e => (e.Line, e.Code, e.CustomId)),
            errors.Select(e => (e.Error?.Line ?? -1, e.Error?.Code ?? "(none)", e.CustomId)));
        foreach (var (want, line) in expected.Zip(errors))
        {
            Assert.Null(line.Response);
            Assert.Equal(BatchRequestId.Create(jobId, want.Line), line.Id);
            Assert.False(string.IsNullOrWhiteSpace(line.Error!.Message));
        }
    }

    /// <summary>Each paid attempt once, and each one matched by exactly one billable emulator request with its tokens.</summary>
    private static void AssertLedgerMatchesEmulator(EngineHarness harness, string jobId, IReadOnlyList<LedgerEntry> ledger)
    {
        var billable = harness.Emulator.RequestLog.Snapshot().Where(r => r.Billable).ToDictionary(r => r.ClientRequestId!, StringComparer.Ordinal);
        Assert.Equal(billable.Count, ledger.Count);
        Assert.Equal(ledger.Count, ledger.Select(e => (e.CustomId, e.Attempt)).Distinct().Count());
        foreach (var entry in ledger)
        {
            Assert.Equal(jobId, entry.JobId);
            Assert.True(billable.TryGetValue($"{jobId}:{entry.CustomId}:{entry.Attempt}", out var record), $"No billable request for {entry.CustomId} attempt {entry.Attempt}.");
            Assert.Equal(record.RequestId, entry.ProviderRequestId);
            Assert.Equal(record.Model, entry.Model);
            Assert.Equal(record.PromptTokens, entry.InputTokens);
            Assert.Equal(record.CachedTokens, entry.CachedInputTokens);
            Assert.Equal(record.CompletionTokens, entry.OutputTokens);
        }
    }

    private static Dictionary<string, long> CountByModel(IEnumerable<LedgerEntry> ledger) =>
        ledger.GroupBy(e => e.Model, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
}
