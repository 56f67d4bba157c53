using System.Text;
using Azure.Data.Tables;
using BatchInference.Durable.Hosting;

namespace BatchInference.Bench.Durable;

/// <summary>
/// What a task hub keeps on Azure Storage: the rows of its History table (every event of every orchestration execution
/// still stored) and of its Instances table, read straight from the tables as the backend wrote them.
/// </summary>
internal static class TaskHubHistory
{
    /// <summary>Measures the history of one instance, or of every instance in the task hub when <paramref name="instanceId"/> is null.</summary>
    /// <param name="connectionString">The storage account holding the task hub.</param>
    /// <param name="taskHub">The task hub name.</param>
    /// <param name="instanceId">One instance, or null for all.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async Task<HistorySize> MeasureAsync(
        string connectionString, string taskHub, string? instanceId, CancellationToken cancellationToken = default)
    {
        var connection = TaskHubService.WithoutTrailingSlashOnTableEndpoint(connectionString);
        var history = new TableClient(connection, $"{taskHub}History");
        var query = instanceId is null
            ? history.QueryAsync<TableEntity>(cancellationToken: cancellationToken)
            : history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, cancellationToken: cancellationToken);
        var perInstance = new Dictionary<string, int>(StringComparer.Ordinal);
        long bytes = 0;
        await foreach (var entity in query)
        {
            perInstance[entity.PartitionKey] = perInstance.GetValueOrDefault(entity.PartitionKey) + 1;
            bytes += Bytes(entity);
        }

        var instances = 0;
        await foreach (var _ in new TableClient(connection, $"{taskHub}Instances").QueryAsync<TableEntity>(
            instanceId is null ? null : $"PartitionKey eq '{instanceId.Replace("'", "''", StringComparison.Ordinal)}'",
            select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            instances++;
        }

        return new HistorySize(instances, perInstance.Values.Sum(), bytes, perInstance.Count == 0 ? 0 : perInstance.Values.Max());
    }

    // Every property of a row, as stored: strings in UTF-8, other values 8 bytes.
    private static long Bytes(TableEntity entity) =>
        entity.Sum(property => Encoding.UTF8.GetByteCount(property.Key) + (property.Value is string text ? Encoding.UTF8.GetByteCount(text) : 8));
}

/// <summary>The stored history of a task hub or an instance.</summary>
/// <param name="Instances">Rows of the Instances table (one per orchestration instance).</param>
/// <param name="Rows">Rows of the History table.</param>
/// <param name="Bytes">Property data of those rows (strings in UTF-8, other values 8 bytes).</param>
/// <param name="MaxInstanceRows">History rows of the instance with the most.</param>
internal sealed record HistorySize(int Instances, int Rows, long Bytes, int MaxInstanceRows);
