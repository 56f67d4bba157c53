using System.Runtime.CompilerServices;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Reports;

/// <summary>
/// The ledger entries charged on one UTC day, across every job. The day's spend-report partition names the jobs that
/// have charges that day (<c>reports/spend/date=D/part-&lt;jobId&gt;.parquet</c>, or the manifest of the day's compacted file), so only
/// those jobs' ledgers are read.
/// </summary>
internal static class DailyLedger
{
    /// <summary>Jobs with charges on <paramref name="date"/>, from the names in its spend-report partition.</summary>
    public static async Task<IReadOnlyList<string>> JobsAsync(IBlobStore blobs, DateOnly date, CancellationToken cancellationToken)
    {
        var jobs = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var item in blobs.ListAsync(StorageLayout.ReportsContainer, StorageLayout.SpendPartition(date), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            if (StorageLayout.SpendReportJob(item.Name) is { } jobId)
            {
                jobs.Add(jobId);
            }
            else if (item.Name == StorageLayout.CompactedSpendManifest(date))
            {
                var manifest = await blobs.TryDownloadContentAsync(StorageLayout.ReportsContainer, item.Name, cancellationToken).ConfigureAwait(false);
                if (manifest is not null)
                {
                    jobs.UnionWith(manifest.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                }
            }
        }

        return [.. jobs];
    }

    /// <summary>Every ledger entry of <paramref name="jobs"/> that <paramref name="include"/> accepts, job by job.</summary>
    public static async IAsyncEnumerable<LedgerEntry> ReadAsync(
        IBlobStore blobs, IReadOnlyList<string> jobs, Func<LedgerEntry, bool> include, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var jobId in jobs)
        {
            var parts = new List<string>();
            await foreach (var item in blobs.ListAsync(StorageLayout.LedgerContainer, jobId + "/", cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                parts.Add(item.Name);
            }

            parts.Sort(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                var download = await blobs.DownloadAsync(StorageLayout.LedgerContainer, part, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (download.ConfigureAwait(false))
                {
                    await foreach (var entry in LedgerJson.ReadAllAsync(download.Content, cancellationToken).ConfigureAwait(false))
                    {
                        if (include(entry))
                        {
                            yield return entry;
                        }
                    }
                }
            }
        }
    }
}
