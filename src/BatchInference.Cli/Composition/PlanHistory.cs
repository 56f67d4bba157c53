using System.Globalization;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.History;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Cli.Composition;

/// <summary>
/// The completion-time history <c>bi plan</c> plans with: the configured storage account's, for the configured
/// providers, as a worker would load it. (<c>bi submit</c>'s deadline check reads none: it refuses only a deadline the
/// rate limits themselves cannot meet; a learned rate below them is an estimate <c>bi plan</c> shows, not a reason to
/// refuse a job.) Without a storage setting, or when the account cannot be read
/// in time, the plan uses the catalog's assumptions alone, and <see cref="Source"/> says so.
/// </summary>
/// <param name="History">The history, or null when none was read.</param>
/// <param name="Source">Where the completion figures come from, in words.</param>
internal sealed record PlanHistory(CompletionHistory? History, string Source)
{
    // Planning must not hang on an unreachable account: the history is advice, the catalog is always there.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    public static async Task<PlanHistory> LoadAsync(
        IConfiguration configuration, EngineOptions engine, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (!StorageSettings.IsConfigured(configuration))
        {
            return new(null, "catalog assumptions (no storage account is configured to learn from)");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var blobs = Pipeline.Storage(configuration, NullLoggerFactory.Instance).CreateBlobStore();
            var providers = ProviderSets.ReadOptions(configuration).ToDictionary(o => o.Name, o => (Uri?)o.BaseUrl, StringComparer.Ordinal);
            var history = await new CompletionHistoryStore(blobs, engine.History).LoadAsync(providers, now, timeout.Token);
            return new(history, string.Create(
                CultureInfo.InvariantCulture,
                $"learned from this storage account's history where a provider, model and size has {engine.History.MinSamples}+ runs in {Window(engine.History.Window)}, else catalog assumptions"));
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException or InvalidOperationException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new(null, $"catalog assumptions (the history could not be read: {ex.Message})");
        }
    }

    private static string Window(TimeSpan window) =>
        window.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalDays:0.#} days") : window.ToString("c", CultureInfo.InvariantCulture);
}
