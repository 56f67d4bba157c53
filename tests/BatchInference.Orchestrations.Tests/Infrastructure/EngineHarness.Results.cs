using BatchInference.Jobs.Output;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Layout;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>Reads back what a job published: result files, the ledger and the spend reports.</summary>
internal sealed partial class EngineHarness
{
    public Task<IReadOnlyList<BatchOutputLine>> ReadOutputAsync(string jobId) =>
        ReadBatchLinesAsync(StorageLayout.ResultsContainer, StorageLayout.Output(jobId));

    public Task<IReadOnlyList<BatchOutputLine>> ReadErrorsAsync(string jobId) =>
        ReadBatchLinesAsync(StorageLayout.ResultsContainer, StorageLayout.Errors(jobId));

    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string jobId)
    {
        var download = await Blobs.DownloadAsync(StorageLayout.LedgerContainer, StorageLayout.LedgerPart(jobId, 0));
        await using (download)
        {
            var entries = new List<LedgerEntry>();
            await foreach (var entry in LedgerJson.ReadAllAsync(download.Content))
            {
                entries.Add(entry);
            }

            return entries;
        }
    }

    /// <summary>Names of the job's spend report blobs (one per charge date), in name order.</summary>
    public async Task<IReadOnlyList<string>> ListSpendReportsAsync(string jobId)
    {
        var names = new List<string>();
        await foreach (var item in Blobs.ListAsync(StorageLayout.ReportsContainer, "spend/"))
        {
            if (item.Name.EndsWith($"/part-{jobId}.parquet", StringComparison.Ordinal))
            {
                names.Add(item.Name);
            }
        }

        return names;
    }

    /// <summary>Downloads the job's spend reports to temp files for DuckDB.</summary>
    public async Task<IReadOnlyList<string>> DownloadSpendReportsAsync(string jobId)
    {
        var files = new List<string>();
        foreach (var name in await ListSpendReportsAsync(jobId))
        {
            var path = NewTempFile("spend.parquet");
            var download = await Blobs.DownloadAsync(StorageLayout.ReportsContainer, name);
            await using (download)
            {
                await using var file = File.Create(path);
                await download.Content.CopyToAsync(file);
            }

            files.Add(path);
        }

        return files;
    }

    /// <summary>The ETags of every blob the job published (results, ledger, reports), by container/name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PublishedETagsAsync(string jobId)
    {
        var blobs = new List<(string Container, string Name)>
        {
            (StorageLayout.ResultsContainer, StorageLayout.Output(jobId)),
            (StorageLayout.ResultsContainer, StorageLayout.Errors(jobId)),
            (StorageLayout.ResultsContainer, StorageLayout.Summary(jobId)),
            (StorageLayout.LedgerContainer, StorageLayout.LedgerPart(jobId, 0)),
        };
        blobs.AddRange((await ListSpendReportsAsync(jobId)).Select(name => (StorageLayout.ReportsContainer, name)));

        var etags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (container, name) in blobs)
        {
            var properties = await Blobs.GetPropertiesAsync(container, name);
            Assert.True(properties is not null, $"{container}/{name} was not published.");
            etags[$"{container}/{name}"] = properties.ETag.ToString();
        }

        return etags;
    }

    public async Task<bool> ExistsAsync(string container, string name) =>
        await Blobs.GetPropertiesAsync(container, name) is not null;

    private async Task<IReadOnlyList<BatchOutputLine>> ReadBatchLinesAsync(string container, string name)
    {
        var download = await Blobs.DownloadAsync(container, name);
        await using (download)
        {
            var lines = new List<BatchOutputLine>();
            await foreach (var line in BatchOutputReader.ReadAsync(download.Content))
            {
                lines.Add(line);
            }

            return lines;
        }
    }
}
