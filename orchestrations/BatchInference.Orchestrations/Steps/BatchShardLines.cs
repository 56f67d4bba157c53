using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// A shard's input as a provider batch sees it: its request lines by sequence, and the id each carries in the batch
/// (<c>l&lt;sequence&gt;</c>: unique in the shard and valid for every provider, whatever the user's custom_id looks like).
/// </summary>
internal static class BatchShardLines
{
    public static string IdOf(long sequence) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"l{sequence}");

    public static long? SequenceOf(string batchCustomId) =>
        batchCustomId.Length > 1 && batchCustomId[0] == 'l'
        && long.TryParse(batchCustomId.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;

    /// <summary>Every line of the shard's input, in order.</summary>
    public static async Task<List<ShardLine>> ReadAsync(EngineContext context, ShardState shard, CancellationToken cancellationToken)
    {
        var lines = new List<ShardLine>();
        var download = await context.Blobs.DownloadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardInput(shard.JobId, shard.Index), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            await foreach (var line in ShardEnvelopeReader.ReadAsync(download.Content, cancellationToken).ConfigureAwait(false))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>The request lines of <paramref name="lines"/> by sequence.</summary>
    public static Dictionary<long, RequestLine> Requests(IEnumerable<ShardLine> lines) =>
        lines.Where(l => l.Line is RequestLine).ToDictionary(l => l.Sequence, l => (RequestLine)l.Line);
}
