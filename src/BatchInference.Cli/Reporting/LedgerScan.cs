using System.Runtime.CompilerServices;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Cli.Reporting;

/// <summary>
/// Streams the ledger: every <c>ledger/&lt;jobId&gt;/*.jsonl</c> part (or those of the given jobs), one line at a time,
/// parts in name order. Nothing is held beyond the line being parsed.
/// </summary>
internal static class LedgerScan
{
    /// <param name="blobs">The storage account.</param>
    /// <param name="jobs">Only these jobs' parts, or empty for all.</param>
    /// <param name="cancellationToken">Stops listing and reading.</param>
    public static async IAsyncEnumerable<LedgerEntry> ReadAsync(
        IBlobStore blobs, IReadOnlyList<string> jobs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(jobs);
        IEnumerable<string?> prefixes = jobs.Count == 0 ? new string?[] { null } : jobs.Distinct(StringComparer.Ordinal).Select(j => (string?)(j + "/"));
        foreach (var prefix in prefixes)
        {
            await foreach (var part in blobs.ListAsync(StorageLayout.LedgerContainer, prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (!part.Name.EndsWith(".jsonl", StringComparison.Ordinal))
                {
                    continue;
                }

                var download = await blobs.DownloadAsync(StorageLayout.LedgerContainer, part.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (download.ConfigureAwait(false))
                {
                    await foreach (var entry in LedgerJson.ReadAllAsync(download.Content, cancellationToken).ConfigureAwait(false))
                    {
                        yield return entry;
                    }
                }
            }
        }
    }
}
